import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.demo import DEMO_SLUG
from tests.factories import make_city, make_dossier

pytestmark = pytest.mark.django_db


def test_home_explains_the_site_and_lists_the_latest_dossiers(client):
    city = make_city(name="Nice")
    older = make_dossier(city=city, title="Caméras du port")
    newer = make_dossier(city=city, title="Drones de la promenade")
    page = client.get(reverse("home")).content.decode()
    assert "Qui surveille nos villes" in page
    assert 'name="q"' in page and reverse("cities:list") in page
    assert page.index(newer.title) < page.index(older.title)


def test_the_dossier_page_shows_its_city_summary_and_history_link(client, valenciennes_demo):
    response = client.get(reverse("dossiers:detail", args=[DEMO_SLUG]))
    page = response.content.decode()
    assert fr("<h1>Valenciennes : la « Safe City » offerte par Huawei</h1>") in page
    assert "Hauts-de-France" in page
    assert fr("Révision n° 3") in page and "par equipe-demo" in page
    assert reverse("dossiers:history", args=[DEMO_SLUG]) in page
    assert "<h2" in page and "<table>" in page


def test_the_dossier_list_filters_by_department(client):
    lille = make_city(name="Lille")
    nice = make_city(name="Nice")
    make_dossier(city=lille, title="Vidéoverbalisation à Lille")
    make_dossier(city=nice, title="Safe City niçoise")
    response = client.get(reverse("dossiers:list"), {"department": nice.department.pk})
    assert [d.title for d in response.context["dossier_list"]] == ["Safe City niçoise"]


def test_unknown_dossier_is_a_french_404(client):
    response = client.get(reverse("dossiers:detail", args=["inconnu"]))
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


def test_pages_load_nothing_from_another_host(client, valenciennes_demo):
    from tests.html_checks import elements, url_scheme

    for url in (
        reverse("home"),
        reverse("dossiers:detail", args=[DEMO_SLUG]),
        reverse("cities:list"),
    ):
        for tag, attrs in elements(client.get(url).content.decode()):
            attributes = dict(attrs)
            if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
                # Not loaded by the browser: the same page in another language, named
                # with its full address on this site, as hreflang links must be.
                assert attributes["href"].startswith("http://testserver/"), attributes
                continue
            if tag == "link" and attributes.get("type") == "application/atom+xml":
                # A feed of this site, for feed readers: a path on the same host.
                assert attributes["href"].startswith("/modifications/atom/"), attributes
                continue
            if tag in ("link", "script", "img", "iframe", "source"):
                for name in ("href", "src"):
                    value = attributes.get(name) or ""
                    assert url_scheme(value) is None and not value.startswith("//"), value


def test_the_dossier_page_has_a_table_of_contents(client):
    dossier = make_dossier(body="# Financement\n\nTexte.\n\n## Qui <fournit> ?\n\nTexte.")
    assert dossier.outline == [
        {"id": "financement", "title": "Financement"},
        {"id": "qui", "title": "Qui <fournit> ?"},
    ]
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert '<a href="#financement">Financement</a>' in page
    assert fr('<a href="#qui">Qui &lt;fournit&gt; ?</a>') in page


def test_the_dossier_list_search_ignores_accents_and_case(client):
    make_dossier(city=make_city(name="Nîmes"), title="Caméras « intelligentes » de l’Écusson")
    for query in ("ecusson", "ÉCUSSON", "nimes"):
        response = client.get(reverse("dossiers:list"), {"q": query})
        titles = [d.title for d in response.context["dossier_list"]]
        assert titles == ["Caméras « intelligentes » de l’Écusson"], query


def test_old_revisions_and_history_are_not_indexed_by_search_engines(client):
    dossier = make_dossier()
    revision = dossier.history.first()
    noindex = '<meta name="robots" content="noindex">'
    assert noindex not in client.get(dossier.get_absolute_url()).content.decode()
    for url in (
        reverse("dossiers:history", args=[dossier.slug]),
        reverse("dossiers:revision", args=[dossier.slug, revision.history_id]),
    ):
        assert noindex in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/dossiers/{slug}/historique/99999999999999999999999999999/", 404),
        ("/dossiers/{slug}/historique/?page=999999999999999999999999999", 404),
        ("/communes/?department=99999999999999999999999999&region=-1", 200),
        ("/communes/?q=%00abc", 200),
        ("/dossiers/?q=%00&department=%00", 200),
        ("/dossiers/?page=-1&region=1e9", 404),
        ("/dossiers/?q=" + "x" * 3000, 414),
        ("/communes/%C3%A9vreux/", 404),
    ],
)
def test_malformed_requests_never_cause_a_server_error(client, valenciennes_demo, path, status):
    response = client.get(path.format(slug=DEMO_SLUG))
    assert response.status_code == status


@pytest.mark.parametrize("page", ["abc", "0", "-1", "4"])
def test_a_page_number_that_is_not_a_page_gets_404_with_links_to_real_pages(client, page):
    for number in range(45):
        make_dossier(city=make_city(name=f"Commune {number}"))
    response = client.get(
        reverse("dossiers:list"), {"stage": "", "region": "", "q": "Commune", "page": page}
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cette liste compte 3 pages" in html
    # The links keep the filters in use and drop the empty ones (issue 16).
    assert 'href="?q=Commune"' in html
    assert 'href="?q=Commune&amp;page=3"' in html
    assert client.get(reverse("dossiers:list"), {"page": "3"}).status_code == 200
