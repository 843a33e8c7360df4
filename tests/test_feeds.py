"""Atom feeds of published changes (issue 17, part 4), read with a real feed parser."""

import feedparser
import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier, Figure, Technology, TechnologyUse
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_dossier,
    make_row,
    make_source,
)
from tests.personas import make_contributor

pytestmark = pytest.mark.django_db

FEED = "/modifications/atom/"


def parsed(client, query=""):
    response = client.get(FEED + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_site_feed_is_valid_atom_and_links_each_entry_to_its_diff(client):
    alice = make_contributor("alice")
    dossier = make_dossier(user=alice, title="Vidéoprotection", body="Avant.")
    first = dossier.public_revisions().first()
    dossier.body = "Avant. Après."
    save_dossier_revision(dossier, user=alice, reason="Ajout")
    latest = dossier.public_revisions().first()
    feed = parsed(client)
    entry = feed.entries[0]
    assert "Vidéoprotection" in entry.title and fr("révision n° 2") in entry.title
    assert entry.link == (
        "http://testserver"
        + reverse("dossiers:compare", args=[dossier.slug])
        + f"?de={first.history_id}&a={latest.history_id}"
    )
    assert entry.id.startswith("http://testserver/")
    assert entry.author == "alice"
    assert entry.updated_parsed is not None
    creation = feed.entries[1]
    assert "(création)" in creation.title
    assert creation.link.endswith(f"/historique/{first.history_id}/")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_entries_escape_what_contributors_wrote(client):
    make_source(title="<b>gras</b>", reason="<script>alert(1)</script>")
    feed = parsed(client)
    entry = feed.entries[0]
    assert "<b>gras</b>" in entry.title  # text, as typed
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;" in entry.summary or "alert(1)" in entry.summary
    raw = client.get(FEED).content.decode()
    assert "<script>" not in raw


def test_only_published_content_is_in_a_feed(client):
    make_dossier(title="Brouillon secret", status=Dossier.Status.DRAFT)
    make_dossier(title="Publié")
    titles = " ".join(entry.title for entry in parsed(client).entries)
    assert "Publié" in titles and "Brouillon secret" not in titles


def test_feeds_per_dossier_commune_department_actor_and_technology(client):
    nord = make_department("Nord", code="59")
    valenciennes = make_city("Valenciennes", department=nord, insee_code="59606")
    elsewhere = make_dossier(title="Ailleurs")
    dossier = make_dossier(valenciennes, title="Safe City")
    actor = make_actor("Huawei", city=valenciennes)
    make_row(Figure, dossier, metric="cameras", value=217)
    make_row(
        TechnologyUse, dossier, technology=Technology.objects.get(slug="drones"), status="deployed"
    )

    def titles(query):
        return [entry.title for entry in parsed(client, query).entries]

    for query in (
        f"?dossier={dossier.slug}",
        "?commune=59606",
        f"?department={nord.pk}",
        "?technology=drones",
    ):
        found = titles(query)
        assert found and all("Safe City" in title or "Huawei" in title for title in found), query
        assert not any(elsewhere.title in title for title in found)
    assert all("Huawei" in title for title in titles(f"?actor={actor.slug}"))
    new_dossiers = titles("?kind=dossier&creations=on")
    assert len(new_dossiers) == 2 and all(t.startswith(fr("Dossier :")) for t in new_dossiers)


def test_the_feed_is_titled_by_its_filters_and_a_bad_filter_is_404(client):
    make_city("Valenciennes", insee_code="59606")
    feed = parsed(client, "?commune=59606")
    assert "Valenciennes" in feed.feed.title
    assert client.get(FEED + "?commune=Nulle-part").status_code == 404


def test_pages_link_to_their_feed(client):
    dossier = make_dossier(title="Safe City")
    text = client.get("/modifications/?commune=" + dossier.city.insee_code).content.decode()
    assert 'type="application/atom+xml"' in text
    assert f'href="{FEED}?commune={dossier.city.insee_code}"' in text
    home = client.get("/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in home
