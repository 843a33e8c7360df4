import pytest
from django.urls import reverse

from tests.factories import make_city, make_department

pytestmark = pytest.mark.django_db


def suggestions(client, query):
    response = client.get(reverse("cities:suggestions"), {"q": query})
    assert response["Content-Type"] == "application/json"
    return [item["label"] for item in response.json()["results"]]


def test_best_matches_come_first_with_their_department(client):
    nord = make_department("Nord", "59")
    make_city("Valenciennes", nord, population=43000)
    make_city("Saint-Valentin", make_department("Indre", "36"), population=300)
    assert suggestions(client, "valen") == ["Valenciennes (59)", "Saint-Valentin (36)"]


def test_too_short_a_query_suggests_nothing(client):
    make_city("Y")
    assert suggestions(client, "y") == []
    assert suggestions(client, "  ") == []


def test_answer_size_and_queries_are_bounded(client, django_assert_num_queries):
    department = make_department("Nord", "59")
    for number in range(15):
        make_city(f"Villers {number}", department)
    with django_assert_num_queries(1):
        labels = suggestions(client, "villers")
    assert len(labels) == 10


def test_the_edit_form_points_its_commune_field_at_it(client):
    from tests.personas import make_contributor

    client.force_login(make_contributor())
    page = client.get(reverse("dossiers:create")).text
    assert f'data-suggest-url="{reverse("cities:suggestions")}"' in page
    assert "js/city-suggest.js" in page
