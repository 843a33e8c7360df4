"""A draft is invisible to the public: 404 on its URLs, absent from every list."""

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.factories import make_city, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_dossier(
        city=make_city(name="Brouillonville"),
        title="Projet secret de drones",
        status=Dossier.Status.DRAFT,
    )


@pytest.fixture
def published(draft):
    return make_dossier(city=draft.city, title="Caméras du centre-ville")


def test_draft_page_history_and_revisions_are_404(client, draft):
    revision = draft.history.first()
    for url in (
        reverse("dossiers:detail", args=[draft.slug]),
        reverse("dossiers:history", args=[draft.slug]),
        reverse("dossiers:revision", args=[draft.slug, revision.history_id]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("dossiers:list"),
        reverse("dossiers:list") + "?q=brouillonville",
    ],
)
def test_draft_is_absent_from_lists(client, draft, published, url):
    page = client.get(url).content.decode()
    assert "Caméras du centre-ville" in page
    assert "Projet secret de drones" not in page


def test_draft_is_absent_from_its_city_page(client, draft, published):
    page = client.get(draft.city.get_absolute_url()).content.decode()
    assert "Caméras du centre-ville" in page
    assert "Projet secret de drones" not in page


def test_a_city_with_only_a_draft_has_no_dossier_for_the_public(client, draft):
    response = client.get(reverse("cities:list"), {"has_dossier": "oui"})
    assert list(response.context["city_list"]) == []
    response = client.get(reverse("cities:list"), {"has_dossier": "non"})
    assert draft.city in response.context["city_list"]


def test_home_counts_only_published_dossiers(client, draft, published):
    response = client.get(reverse("home"))
    assert response.context["dossier_count"] == 1
    assert "1 dossier publié, sur 1 commune." in response.content.decode()


def test_published_query_method_is_the_single_rule(draft, published):
    assert list(Dossier.objects.public()) == [published]
