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


def test_pending_sheet_rows_and_actors_show_nowhere(client):
    """A contributor's proposed actor, funding line, figure and technology stay private."""
    from dossiers.models import Actor
    from tests.factories import make_actor, make_source

    source = make_source("source-publique")
    dossier = make_dossier(title="Caméras")
    make_actor("Ville", source=source)
    make_actor("Fournisseur", source=source)
    proposer = Client()
    proposer.force_login(make_contributor("autrice"))
    proposals = [
        (reverse("actors:create"),
         {"name": f"{MARKER} SA", "kind": "company", "source_keys": source.key}),
        (reverse("dossiers:row_create", args=[dossier.slug, "financements"]),
         {"payer": "Ville", "recipient": "Fournisseur", "instrument": "ugap", "amount": "1",
          "tax_basis": "unstated", "nature": "works", "start": "2020", "source_keys": source.key,
          "description": MARKER}),
        (reverse("dossiers:row_create", args=[dossier.slug, "chiffres"]),
         {"metric": "drones", "value": "7", "as_of": "2020", "scope": MARKER,
          "source_keys": source.key}),
        (reverse("dossiers:row_create", args=[dossier.slug, "technologies"]),
         {"technology": "drones", "status": "deployed", "note": MARKER,
          "source_keys": source.key}),
        (reverse("dossiers:row_create", args=[dossier.slug, "chronologie"]),
         {"date": "2020", "title": MARKER, "source_keys": source.key}),
    ]  # fmt: skip
    for url, data in proposals:
        response = proposer.post(url, {**data, "edit_summary": "Proposition"})
        assert response.status_code == 302, response.text[:3000]
    assert ChangeRequest.objects.pending().count() == len(proposals)
    assert not Actor.objects.filter(name__contains=MARKER).exists()

    for url in [
        dossier.get_absolute_url(),
        reverse("actors:list"),
        reverse("actors:list") + "?kind=company",
        reverse("dossiers:list") + "?technology=drones",
        reverse("dossiers:list") + "?instrument=ugap",
        reverse("dossiers:list") + "?year=2020",
        reverse("cities:list") + "?technology=drones",
        source.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.text, url
        if "dossier_list" in (response.context or {}):
            assert list(response.context["dossier_list"]) == [], url
