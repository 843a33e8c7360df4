"""Pending proposals are invisible to the public everywhere, counts included."""

import pytest
from django.test import Client
from django.urls import reverse

from review.models import ChangeRequest
from tests.factories import make_city, make_dossier
from tests.personas import make_contributor
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db

MARKER = "Zorglub"


@pytest.fixture
def site():
    """A published dossier with a pending edit, and a pending new dossier elsewhere."""
    city = make_city("Valenciennes", insee_code="59606", slug="valenciennes")
    empty_city = make_city("Maubeuge", insee_code="59392", slug="maubeuge")
    dossier = make_dossier(city=city, title="Caméras", body="Texte publié.")
    author = make_contributor("autrice")
    propose_edit(
        author, dossier, title=f"Caméras {MARKER}", body=f"Texte publié. {MARKER} dit tout."
    )
    creator = Client()
    creator.force_login(author)
    creator.post(
        reverse("dossiers:create"),
        {
            "city": "Maubeuge",
            "title": f"Drones {MARKER}",
            "summary": f"Résumé {MARKER}",
            "body": MARKER,
            "edit_summary": "Création",
        },
    )
    assert ChangeRequest.objects.pending().count() == 2
    revision = dossier.history.get()
    return {"dossier": dossier, "empty_city": empty_city, "author": author, "revision": revision}


def public_urls(site):
    dossier, revision = site["dossier"], site["revision"]
    return [
        reverse("home"),
        reverse("dossiers:list"),
        reverse("dossiers:list") + "?q=drones",
        dossier.get_absolute_url(),
        reverse("dossiers:history", args=[dossier.slug]),
        reverse("dossiers:revision", args=[dossier.slug, revision.history_id]),
        reverse("dossiers:compare", args=[dossier.slug])
        + f"?de={revision.history_id}&a={revision.history_id}",
        site["empty_city"].get_absolute_url(),
        reverse("cities:list") + "?q=maubeuge",
        reverse("cities:list") + "?has_dossier=oui",
        site["author"].get_absolute_url(),
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_no_public_page_shows_pending_content(client, site, viewer):
    if viewer == "outsider":
        client.force_login(make_contributor("curieux"))
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.text, url


@pytest.mark.parametrize("query", [MARKER, "drones", "maubeuge"])
def test_search_finds_no_pending_content(client, site, query):
    response = client.get(reverse("dossiers:list") + f"?q={query}")
    assert list(response.context["object_list"]) == []


def test_counts_ignore_pending_creations(client, site):
    home = client.get(reverse("home"))
    assert home.context["dossier_count"] == 1
    assert home.context["city_count"] == 1
    cities = client.get(reverse("cities:list") + "?has_dossier=oui")
    assert [city.name for city in cities.context["object_list"]] == ["Valenciennes"]
    assert "Drones" not in client.get(site["empty_city"].get_absolute_url()).text


def test_author_is_told_a_proposal_waits_but_reads_the_published_text(client, site):
    client.force_login(site["author"])
    page = client.get(site["dossier"].get_absolute_url())
    assert "Votre proposition du" in page.text
    assert MARKER not in page.text
    mine = client.get(reverse("accounts:contributions"))
    assert mine.text.count("en attente") == 2
