import pytest
from django.db import connection
from django.urls import reverse

from cities.models import City
from core.typography import space_french as fr
from tests.factories import make_city, make_department, make_dossier, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    north = make_region("Hauts-de-France", code="32")
    auvergne = make_region("Auvergne-Rhône-Alpes", code="84")
    nord = make_department("Nord", code="59", region=north)
    loire = make_department("Loire", code="42", region=auvergne)
    return {
        "valenciennes": make_city(
            "Valenciennes", nord, 43_468, slug="valenciennes", insee_code="59606",
            postal_codes="59300",
        ),
        "saint_etienne": make_city(
            "Saint-Étienne", loire, 170_000, slug="saint-etienne", insee_code="42218",
            postal_codes="42000 42100",
        ),
        "saint_etienne_small": make_city(
            "Saint-Étienne-le-Molard", loire, 1_000, slug="saint-etienne-le-molard",
            insee_code="42219",
        ),
        "nord": nord,
        "north": north,
    }  # fmt: skip


def names(response):
    return [city.name for city in response.context["city_list"]]


def test_search_ignores_accents_case_and_abbreviations(client, places):
    for query in ("saint etienne", "SAINT-ÉTIENNE", "st etienne", "st-étienne"):
        response = client.get(reverse("cities:list"), {"q": query})
        assert names(response) == ["Saint-Étienne", "Saint-Étienne-le-Molard"], query


def test_search_puts_the_exact_name_first_even_when_smaller(client, places):
    make_city("Grand-Valenciennes", places["nord"], 900_000, slug="grand-valenciennes")
    response = client.get(reverse("cities:list"), {"q": "valenciennes"})
    assert names(response) == ["Valenciennes", "Grand-Valenciennes"]


def test_search_by_postal_code_and_insee_code(client, places):
    assert names(client.get(reverse("cities:list"), {"q": "42100"})) == ["Saint-Étienne"]
    assert names(client.get(reverse("cities:list"), {"q": "59606"})) == ["Valenciennes"]


def test_filter_by_region_department_and_dossier(client, places):
    make_dossier(city=places["saint_etienne"])
    url = reverse("cities:list")
    assert names(client.get(url, {"region": places["north"].pk})) == ["Valenciennes"]
    assert names(client.get(url, {"department": places["nord"].pk})) == ["Valenciennes"]
    assert names(client.get(url, {"has_dossier": "oui"})) == ["Saint-Étienne"]
    combined = client.get(url, {"q": "saint", "has_dossier": "non"})
    assert names(combined) == ["Saint-Étienne-le-Molard"]


@pytest.mark.parametrize(
    "params",
    [
        {"region": "zz"},
        {"department": "999999"},
        {"has_dossier": "peut-etre"},
        {"q": "x" * 500},
    ],
)
def test_malformed_filters_show_the_form_error_not_a_500(client, places, params):
    response = client.get(reverse("cities:list"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Certains critères ne sont pas valides" in page
    assert 'class="errorlist' in page


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99999", "1.5"])
def test_malformed_page_numbers_answer_404_with_a_link_to_the_list(client, places, page):
    response = client.get(reverse("cities:list"), {"page": page})
    assert response.status_code == 404
    html = response.content.decode()
    assert fr("Cette liste ne compte qu’une page : le numéro demandé n’existe pas.") in html


def test_an_empty_page_number_is_the_first_page(client, places):
    response = client.get(reverse("cities:list"), {"page": ""})
    assert response.status_code == 200
    assert len(response.context["city_list"]) == 3


def test_the_list_is_paginated_with_filters_kept(client, places):
    for number in range(60):
        make_city(f"Villeneuve {number}", places["nord"], slug=f"villeneuve-{number}")
    response = client.get(reverse("cities:list"), {"q": "villeneuve"})
    assert len(response.context["city_list"]) == 50
    assert response.context["paginator"].count == 60
    assert "?q=villeneuve&amp;page=2" in response.content.decode()


def test_city_page_shows_facts_and_published_dossiers(client, places):
    city = places["valenciennes"]
    make_dossier(city=city, title="Vidéosurveillance Huawei")
    response = client.get(reverse("cities:detail", args=["valenciennes"]))
    page = response.content.decode()
    assert "<h1>Valenciennes</h1>" in page
    assert "59606" in page
    assert "43\u202f468 habitants" in page
    assert "Hauts-de-France" in page
    assert "Vidéosurveillance Huawei" in page


def test_unknown_city_is_a_french_404(client, db):
    response = client.get(reverse("cities:detail", args=["atlantide"]))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_name_search_can_use_the_trigram_index_on_postgresql(places):
    """On PostgreSQL a search for part of a name reads the pg_trgm index rather than
    every commune; SQLite has no such index and the migration leaves it alone."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "cities_city")
    if connection.vendor != "postgresql":
        assert "city_search_trigram" not in indexes
        return
    assert indexes["city_search_trigram"]["type"] == "gin"
    sql, params = City.objects.search("étienne").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "city_search_trigram" in plan
