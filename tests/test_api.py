"""The read-only API (issue 18, part 2): the open-data tables as resources, communes
and recent changes, published content only, conditional GET, throttling, CORS for
GET only, and a JSON 4xx for every bad request."""

import json
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from core.typography import space_french as fr
from dossiers.models import (
    Dossier,
    Event,
    Figure,
    FundingLine,
    Technology,
    TechnologyUse,
)
from opendata.writing import rows_of
from review.exports import tables
from tests.factories import (
    make_actor,
    make_city,
    make_dossier,
    make_funding_line,
    make_row,
    make_user,
)
from tests.personas import make_contributor
from tests.review_helpers import propose_edit, source_with_hidden_first_revision

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith(("application/json", "application/vnd.oai.openapi"))
    return response.json()


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def every_row(client, url, **params):
    """Every row of a list, following its `next` links."""
    rows, page = [], get_json(client, url, **params)
    while True:
        rows += page["results"]
        if page["next"] is None:
            return rows
        page = get_json(client, page["next"])


def json_values(values):
    """Open-data values as JSON gives them back."""
    values = [float(v) if isinstance(v, Decimal) else v for v in values]
    return json.loads(json.dumps(values, default=lambda day: day.isoformat()))


def test_every_table_of_the_exports_is_a_resource_with_the_same_rows(client, valenciennes_demo):
    index = get_json(client, api("api-root"))
    for table in tables():
        if table.primary_key != ("id",):
            continue  # citations: embedded in their dossier and source
        assert index[table.name].endswith(api(f"{table.name}-list"))
        listed = every_row(client, api(f"{table.name}-list"), page_size=3)
        names = [column.name for column in table.columns]
        assert listed, table.name
        for row, values in zip(listed, rows_of(table), strict=True):
            assert list(row) == names
            assert list(row.values()) == json_values(values), table.name


def test_a_dossier_comes_with_its_sheet_and_an_actor_with_its_payments(client):
    dossier = make_dossier(title="Caméras à Trith")
    other = make_dossier()
    payer, recipient = make_actor("Ville de Trith"), make_actor("Fournisseur")
    line = make_funding_line(dossier, payer=payer, recipient=recipient, amount=Decimal("24000"))
    mine = make_row(Event, dossier, date="2019-03", title="Vote")
    make_row(Event, other, date="2020", title="Ailleurs")
    detail = get_json(client, api("dossiers-detail", dossier.pk))
    assert detail["title"] == "Caméras à Trith"
    assert [row["id"] for row in detail["events"]] == [mine.pk]
    assert detail["events"][0]["date"] == "2019-03"
    assert [row["id"] for row in detail["funding_lines"]] == [line.pk]
    assert detail["technology_uses"] == [] and detail["figures"] == []
    paying = get_json(client, api("actors-detail", payer.pk))
    assert [row["id"] for row in paying["funding_lines_as_payer"]] == [line.pk]
    assert paying["funding_lines_as_recipient"] == []
    receiving = get_json(client, api("actors-detail", recipient.pk))
    assert [row["id"] for row in receiving["funding_lines_as_recipient"]] == [line.pk]


def test_amounts_are_exact_numbers_with_their_tax_basis(client):
    dossier = make_dossier()
    make_funding_line(
        dossier,
        amount=Decimal("123456789012.34"),
        tax_basis=FundingLine.TaxBasis.EXCLUDING,
    )
    text = client.get(api("funding_lines-list")).content.decode()
    assert '"amount":123456789012.34' in text
    assert f'"tax_basis":"{FundingLine.TaxBasis.EXCLUDING}"' in text


def test_only_published_content_is_served(client):
    public = make_dossier(title="Publié")
    draft = make_dossier(title="Brouillon", status=Dossier.Status.DRAFT)
    kept = make_row(Figure, public, metric=Figure.Metric.CAMERAS, value=12)
    removed = make_row(Figure, public, metric=Figure.Metric.CAMERAS, value=99)
    removed.removed = True
    removed.save()
    hidden_row = make_row(Figure, draft, metric=Figure.Metric.CAMERAS, value=7)
    propose_edit(make_contributor(), public, title="Proposition en attente")
    titles = [row["title"] for row in every_row(client, api("dossiers-list"))]
    assert titles == ["Publié"]
    figures = [row["id"] for row in every_row(client, api("figures-list"))]
    assert figures == [kept.pk]
    detail = get_json(client, api("dossiers-detail", public.pk))
    assert [row["id"] for row in detail["figures"]] == [kept.pk]
    for url in (
        api("dossiers-detail", draft.pk),
        api("figures-detail", removed.pk),
        api("figures-detail", hidden_row.pk),
    ):
        assert get_json(client, url, status=404)["detail"]
    commune = get_json(client, api("communes-detail", draft.city.insee_code))
    assert commune["dossiers"] == []


def test_the_list_pages_filter_as_the_site_does(client):
    drones = Technology.objects.get(slug="drones")
    flying = make_dossier(title="Drones en ville")
    make_row(TechnologyUse, flying, technology=drones, status=TechnologyUse.Status.DEPLOYED)
    fixed = make_dossier(title="Caméras fixes")
    found = get_json(client, api("dossiers-list"), technology="drones")["results"]
    assert [row["title"] for row in found] == ["Drones en ville"]
    events = get_json(client, api("technology_uses-list"), dossier=flying.pk)["results"]
    assert [row["dossier_id"] for row in events] == [flying.pk]
    communes = get_json(client, api("communes-list"), has_dossier="oui")["results"]
    assert {row["insee_code"] for row in communes} == {
        flying.city.insee_code,
        fixed.city.insee_code,
    }
    communes = get_json(client, api("communes-list"), technology="drones")["results"]
    assert [row["insee_code"] for row in communes] == [flying.city.insee_code]


@pytest.mark.parametrize(
    ("address", "status", "key"),
    [
        ("/api/dossiers/?technology=nowhere", 400, "technology"),
        ("/api/dossiers/?year=twenty", 400, "year"),
        ("/api/events/?dossier=-3", 400, "dossier"),
        ("/api/events/?dossier=99999999999999999999999", 400, "dossier"),
        ("/api/sources/?has_document=maybe", 400, "has_document"),
        ("/api/changes/?since=2021-13-45", 400, "since"),
        ("/api/changes/?commune=nowhere-at-all", 400, "commune"),
        ("/api/changes/?page=0", 404, "detail"),
        ("/api/changes/?page=99999999999999999999", 404, "detail"),
        ("/api/dossiers/?cursor=not-a-cursor", 404, "detail"),
        # A well-formed cursor whose position no page made: p=abc, then p=10**30.
        ("/api/dossiers/?cursor=cD1hYmM%3D", 404, "detail"),
        ("/api/dossiers/?cursor=cD0xMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA%3D", 404, "detail"),
        ("/api/communes/?cursor=cD0nOyBkcm9wIHRhYmxl", 404, "detail"),
        ("/api/dossiers/abc/", 404, "detail"),
        ("/api/dossiers/99999999999999999999999/", 404, "detail"),
        ("/api/communes/0/", 404, "detail"),
    ],
)
def test_bad_input_is_a_json_client_error(client, address, status, key):
    make_dossier()
    response = client.get(address)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert key in response.json()


def test_writing_is_refused_with_a_json_405(client):
    dossier = make_dossier()
    for method in ("post", "put", "patch", "delete"):
        for url in (api("dossiers-list"), api("dossiers-detail", dossier.pk)):
            response = getattr(client, method)(url, {"title": "x"}, content_type="application/json")
            assert response.status_code == 405
            assert response.json()["detail"] == fr(
                f"La méthode {method.upper()} n’est pas permise : l’API se lit seulement."
            )
    assert Dossier.objects.get().title == dossier.title
    english = client.post("/en" + api("dossiers-list"))
    assert english.json()["detail"] == "The API is read-only: the POST method is not allowed."


def test_errors_are_said_in_the_readers_language(client):
    assert get_json(client, api("dossiers-detail", 12345), status=404) == {"detail": "Introuvable."}
    english = get_json(client, "/en/api/dossiers/12345/", status=404)
    assert english == {"detail": "Not found."}
    assert get_json(client, "/api/nothing/here/", status=404) == {"detail": "Introuvable."}
    refused = client.get(api("dossiers-list"), headers={"Accept": "text/html"})
    assert refused.status_code == 406
    assert refused.json() == {"detail": "L’API ne répond qu’en JSON."}


def test_an_address_too_long_is_refused_in_json_and_documented(client):
    # Found by the schema fuzzer: the site's HTML page answered the API (and the
    # schema did not say the API may answer 414).
    long_query = "&".join(f"commune=5960{n % 10}" for n in range(300))
    for prefix, detail in (
        ("", fr("Adresse trop longue : une requête compte au plus 2048 caractères.")),
        ("/en", "Address too long: a request takes 2048 characters at most."),
    ):
        response = client.get(f"{prefix}/api/dossiers/?{long_query}")
        assert response.status_code == 414
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": detail}
    schema = client.get("/api/schema/", headers={"Accept": "application/json"}).json()
    assert "414" in schema["paths"]["/api/dossiers/"]["get"]["responses"]
    # The site's pages keep their page.
    assert "Adresse trop longue" in client.get(f"/dossiers/?{long_query}").content.decode()


def test_the_sites_own_messages_keep_their_wording(client):
    """REST framework's catalogue, if installed, rewords Django's form messages."""
    from django import forms

    with pytest.raises(forms.ValidationError) as error:
        forms.EmailField().clean("pas une adresse")
    assert error.value.messages == ["Saisissez une adresse de courriel valide."]


def test_pages_of_rows_are_linked_by_cursors_without_gaps_or_repeats(client):
    dossiers = [make_dossier() for _ in range(7)]
    page = get_json(client, api("dossiers-list"), page_size=3)
    seen = [row["id"] for row in page["results"]]
    make_dossier(title="Arrivé pendant la lecture")
    while page["next"]:
        page = get_json(client, page["next"])
        seen += [row["id"] for row in page["results"]]
    assert seen[:7] == [dossier.pk for dossier in dossiers]
    assert len(seen) == len(set(seen)) == 8


def test_answers_are_validated_by_the_content_generation(client):
    dossier = make_dossier(title="Avant")
    url = api("dossiers-detail", dossier.pk)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and modified
    assert "public" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    dossier.title = "Après"
    dossier.save_revision(user=make_user(), reason="Titre")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["title"] == "Après"
    assert changed["ETag"] != etag
    # An error is no copy to keep: it carries no validator.
    assert not client.get(api("dossiers-detail", 999999)).has_header("ETag")


def test_a_kept_answer_is_validated_too(client, settings):
    """With the page cache on, a conditional request answered from the cache is a 304."""
    settings.PAGE_CACHE_SECONDS = 60
    make_dossier()
    url = api("dossiers-list")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
        old = client.get(url, headers={"If-Modified-Since": http_date(0)})
    assert kept.status_code == 200 and kept.content == first.content
    assert unchanged.status_code == 304
    assert old.status_code == 200 and old.content == first.content
    # Nothing is built again: the only query reads the content generation.
    assert all("core_contentgeneration" in query["sql"] for query in queries.captured_queries)
    # The API ignores sessions: a signed-in reader gets the copy kept for everyone.
    client.force_login(make_user())
    with CaptureQueriesContext(connection) as queries:
        signed_in = client.get(url)
    assert signed_in.content == first.content
    assert all("core_contentgeneration" in query["sql"] for query in queries.captured_queries)


def test_anonymous_requests_are_throttled_per_address(client, settings):
    caches["default"].clear()  # the counts of earlier tests' requests
    # Per day: the four requests fall in one window however slow the machine is.
    settings.API_ANONYMOUS_RATE = "3/day"
    make_dossier()
    url = api("dossiers-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith(fr("Trop de requêtes : réessayez dans "))
    assert int(refused["Retry-After"]) > 0
    other = client.get(url, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200
    settings.API_ANONYMOUS_RATE = ""
    assert client.get(url).status_code == 200


def test_other_sites_may_read_but_not_write(client):
    make_dossier()
    origin = {"Origin": "https://journal.example"}
    read = client.get(api("dossiers-list"), headers=origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert not read.has_header("Access-Control-Allow-Credentials")
    preflight = client.options(
        api("dossiers-list"),
        headers={
            **origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    allowed = {method.strip() for method in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    # The site's own pages are not opened to other origins.
    assert not client.get(reverse("home"), headers=origin).has_header("Access-Control-Allow-Origin")


def test_recent_changes_hide_what_moderation_hid(client):
    source = source_with_hidden_first_revision(make_user("alice"))
    changes = get_json(client, api("changes-list"), source=source.key)["results"]
    assert [change["revision"] for change in changes] == [2, 1]
    newest, hidden = changes
    assert newest["summary"] == "Titre" and newest["author"] == "alice"
    assert newest["table"] == "sources" and newest["record_id"] == source.pk
    assert hidden["hidden"] and hidden["summary"] is None
    assert hidden["hidden_reason"] == "Données personnelles"
    assert "Nom et adresse" not in client.get(api("changes-list")).content.decode()


def test_changes_are_paged_without_counting(client, settings):
    for number in range(3):
        make_dossier(title=f"Dossier {number}")
    settings.API_ANONYMOUS_RATE = ""
    page = get_json(client, api("changes-list"))
    assert page["previous"] is None and len(page["results"]) == 3 and page["next"] is None


def table_detail_queries(client, name, pk):
    with CaptureQueriesContext(connection) as queries:
        get_json(client, api(f"{name}-detail", pk))
    return len(queries)


def test_lists_and_details_cost_the_same_queries_for_few_or_many_rows(client):
    def dossier_with_sheet(rows):
        dossier = make_dossier(city=make_city())
        actor = make_actor()
        for number in range(rows):
            make_row(Event, dossier, date=f"20{10 + number}", title=f"Vote {number}")
            make_row(Figure, dossier, metric=Figure.Metric.CAMERAS, value=number + 1)
            make_funding_line(dossier, payer=actor)
        return dossier, actor

    small, small_actor = dossier_with_sheet(1)
    costs = {}
    for name in ("dossiers", "events", "funding_lines", "actors", "communes", "changes"):
        with CaptureQueriesContext(connection) as queries:
            get_json(client, api(f"{name}-list"))
        costs[name] = len(queries)
    detail_costs = [
        table_detail_queries(client, "dossiers", small.pk),
        table_detail_queries(client, "actors", small_actor.pk),
    ]
    large, large_actor = dossier_with_sheet(6)
    for _ in range(4):
        dossier_with_sheet(2)
    for name, cost in costs.items():
        with CaptureQueriesContext(connection) as queries:
            get_json(client, api(f"{name}-list"))
        assert len(queries) == cost, name
    assert [
        table_detail_queries(client, "dossiers", large.pk),
        table_detail_queries(client, "actors", large_actor.pk),
    ] == detail_costs


def test_the_schema_describes_every_resource_in_the_readers_language(client):
    schema = get_json(client, reverse("api:schema"), format="json")
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for table in tables():
        if table.primary_key == ("id",):
            assert f"/api/{table.name}/" in paths and f"/api/{table.name}/{{id}}/" in paths
    assert {"/api/communes/", "/api/communes/{insee_code}/", "/api/changes/"} <= set(paths)
    assert all(set(operations) == {"get"} for operations in paths.values())
    line = schema["components"]["schemas"]["FundingLine"]["properties"]
    assert line["amount"]["type"] == "number" and line["amount"]["nullable"]
    assert line["start"]["pattern"]
    basis = line["tax_basis"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert basis == "TaxBasisEnum"
    assert schema["components"]["schemas"][basis]["enum"] == list(FundingLine.TaxBasis.values)
    listing = paths["/api/dossiers/"]["get"]
    parameters = {parameter["name"] for parameter in listing["parameters"]}
    assert {"cursor", "page_size", "q", "region", "technology", "stage", "year"} <= parameters
    assert {"400", "404", "429"} <= set(listing["responses"])
    english = get_json(client, "/en/api/schema/", format="json")
    assert "/en/api/dossiers/" in english["paths"]
    assert english["info"]["description"].startswith("The published dossiers")
    assert schema["info"]["description"].startswith("Les dossiers publiés")


def test_the_documentation_page_is_served_by_this_site_alone(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page and "<style" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f'"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}"' in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "img-src 'self' data:" in policy
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script.status_code == 200
    assert reverse("api:schema") in script.content.decode()


def test_a_dossiers_citations_come_in_the_order_of_their_numbers(client, valenciennes_demo):
    dossier = Dossier.objects.get()
    cited = get_json(client, api("dossiers-detail", dossier.pk))["citations"]
    numbers = [row["number"] for row in cited]
    assert len(numbers) > 1 and numbers == sorted(numbers)
