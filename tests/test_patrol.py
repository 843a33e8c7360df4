"""The moderators' patrol (issue 17, part 2): proposals with the filters of recent
changes, « non relues » oldest first, or decided."""

import pytest
from django.urls import reverse

from review import actions
from review.models import ChangeRequest
from tests.factories import make_city, make_department, make_dossier, make_source
from tests.personas import make_contributor, make_moderator
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db

URL = "/modifications/relecture/"


def propose_dossier(client, author, city, title):
    client.force_login(author)
    response = client.post(
        reverse("dossiers:create"),
        {
            "city": city.insee_code,
            "title": title,
            "summary": "Un résumé.",
            "body": "Texte.",
            "edit_summary": "Création",
        },
    )
    assert response.status_code == 302
    client.logout()


def propose_figure(client, author, dossier, value):
    source = make_source()
    client.force_login(author)
    response = client.post(
        reverse("dossiers:row_create", args=[dossier.slug, "chiffres"]),
        {
            "metric": "cameras",
            "value": str(value),
            "as_of": "2021",
            "source_keys": source.key,
            "edit_summary": f"Chiffre {value}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()


@pytest.fixture
def two_places(client):
    nord, gironde = make_department("Nord", code="59"), make_department("Gironde", code="33")
    valenciennes = make_city("Valenciennes", department=nord, insee_code="59606")
    bordeaux = make_city("Bordeaux", department=gironde, insee_code="33063")
    north, south = make_dossier(valenciennes, title="Nord"), make_dossier(bordeaux, title="Sud")
    alice, bob = make_contributor("alice"), make_contributor("bob")
    propose_edit(alice, north, "Retouche au nord", summary="Autre résumé au nord")
    propose_edit(bob, south, "Retouche au sud", summary="Autre résumé au sud")
    propose_dossier(client, alice, valenciennes, "Nouveau au nord")
    propose_dossier(client, bob, bordeaux, "Nouveau au sud")
    propose_figure(client, alice, north, 217)
    return nord, valenciennes, north


def summaries(client, query=""):
    page = client.get(URL + query)
    assert page.status_code == 200
    return [proposal.summary for proposal in page.context["proposals"]]


def test_only_moderators_patrol(client, two_places):
    assert client.get(URL).status_code == 302  # anonymous: to the sign-in page
    client.force_login(make_contributor("carole"))
    assert client.get(URL).status_code == 403


def test_pending_proposals_oldest_first(client, two_places):
    client.force_login(make_moderator())
    assert summaries(client) == [
        "Retouche au nord",
        "Retouche au sud",
        "Création",
        "Création",
        "Chiffre 217",
    ]


def test_the_place_filters_reach_edits_and_creations(client, two_places):
    nord, _valenciennes, north = two_places
    client.force_login(make_moderator())
    expected = ["Retouche au nord", "Création", "Chiffre 217"]
    assert summaries(client, f"?department={nord.pk}") == expected
    assert summaries(client, "?commune=59606") == expected
    assert summaries(client, f"?dossier={north.slug}") == ["Retouche au nord", "Chiffre 217"]


def test_kind_author_and_creations_filters(client, two_places):
    client.force_login(make_moderator())
    assert summaries(client, "?kind=figure") == ["Chiffre 217"]
    assert summaries(client, "?author=bob") == ["Retouche au sud", "Création"]
    assert summaries(client, "?creations=on&author=alice") == ["Création", "Chiffre 217"]


def test_decided_proposals_newest_first_with_their_decision(client, two_places):
    moderator = make_moderator()
    first, second = list(ChangeRequest.objects.pending()[:2])
    actions.reject(first, moderator=moderator, reason="Non sourcé")
    actions.approve(second, moderator=moderator, revision=second.revision)
    client.force_login(moderator)
    assert summaries(client, "?state=decided") == ["Retouche au sud", "Retouche au nord"]
    text = client.get(URL + "?state=decided").content.decode()
    assert "refusée" in text and "acceptée" in text
    assert "Retouche au nord" not in summaries(client)


def test_bad_filters_get_a_message(client, two_places):
    client.force_login(make_moderator())
    page = client.get(URL + "?state=tout&commune=Nulle-part")
    assert page.status_code == 200
    assert set(page.context["filter"].form.errors) == {"state", "commune"}
    assert list(page.context["proposals"]) == []
