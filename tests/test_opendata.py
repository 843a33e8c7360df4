"""Open data (issue 18, part 1): every table of published content as CSV and JSON,
described by a Frictionless Data Package that the frictionless library
validates, foreign keys included."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from frictionless import validate

from dossiers.models import Dossier, Event, Figure, FundingLine, Technology, TechnologyUse
from opendata.writing import current, export
from review.exports import tables
from tests.concurrency import run_together
from tests.factories import make_actor, make_dossier, make_row, make_source
from tests.personas import make_contributor
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db


def export_to(root):
    """Run `manage.py export_data --to root`; the folder of the set it wrote."""
    call_command("export_data", to=root, stdout=io.StringIO())
    return current(root)


def read_csv(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def read_json(folder, name):
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def exported(tmp_path, valenciennes_demo):
    return export_to(tmp_path / "donnees")


def test_the_demo_exports_as_a_valid_data_package_with_its_foreign_keys(exported):
    report = validate(exported / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    package = json.loads((exported / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "ODbL-1.0"
    names = {resource["name"] for resource in package["resources"]}
    for table in tables():
        assert {table.name, f"{table.name}-json"} <= names
        assert (exported / f"{table.name}.csv").exists()
    # Each table of published content, the foreign keys between them declared.
    assert {"dossiers", "actors", "actor_roles", "funding_lines", "figures", "events"} <= names
    assert {"technology_uses", "sources", "citations"} <= names
    funding = next(r for r in package["resources"] if r["name"] == "funding_lines")
    assert {"fields": ["payer_id"], "reference": {"resource": "actors", "fields": ["id"]}} in (
        funding["schema"]["foreignKeys"]
    )
    start = next(f for f in funding["schema"]["fields"] if f["name"] == "start")
    assert start["type"] == "string" and start["constraints"]["pattern"].startswith("[0-9]{4}")
    instrument = next(f for f in funding["schema"]["fields"] if f["name"] == "instrument")
    assert "public_contract" in instrument["constraints"]["enum"]


def test_a_broken_foreign_key_is_caught_by_the_validation(exported):
    """What CI relies on: the validator reads the foreign keys, not only the types."""
    rows = read_csv(exported, "citations")
    rows[0]["source_id"] = "999999"
    with (exported / "citations.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = validate(exported / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_dossier_row_names_its_place_revision_and_sources(exported, valenciennes_demo):
    (row,) = read_csv(exported, "dossiers")
    dossier = valenciennes_demo
    assert row["city_insee_code"] == dossier.city.insee_code == "59606"
    assert row["department_code"] == "59" and row["region_code"] == "32"
    assert row["title"] == dossier.title and row["stage"] == dossier.stage
    assert row["revision"] == str(dossier.version)
    assert row["page_url"].endswith(dossier.get_absolute_url())
    cited = [c.source.key for c in dossier.citations.order_by("position")]
    assert row["source_keys"].split("; ") == cited
    citations = read_csv(exported, "citations")
    assert [c["source_key"] for c in citations] == cited


def test_amounts_keep_their_basis_and_dates_stay_partial(tmp_path):
    dossier = make_dossier()
    city, company = make_actor("Ville"), make_actor("Fournisseur")
    make_row(
        FundingLine,
        dossier,
        payer=city,
        recipient=company,
        instrument=FundingLine.Instrument.PUBLIC_CONTRACT,
        amount="1234567.80",
        tax_basis=FundingLine.TaxBasis.EXCLUDING,
        start="2019-03",
    )
    make_row(Event, dossier, date="2018", title="Convention signée")
    folder = export_to(tmp_path)
    (line,) = read_csv(folder, "funding_lines")
    assert (line["amount"], line["tax_basis"], line["start"]) == ("1234567.80", "excl", "2019-03")
    assert line["is_estimate"] == "false" and line["end"] == ""
    assert (line["payer_id"], line["recipient_id"]) == (str(city.pk), str(company.pk))
    (event,) = read_csv(folder, "events")
    assert event["date"] == "2018"
    # JSON keeps the amount's digits (no float on the way) and the empty end as null.
    (as_json,) = read_json(folder, "funding_lines")
    assert as_json["amount"] == 1234567.8 and as_json["end"] is None
    assert '"amount": 1234567.80' in (folder / "funding_lines.json").read_text()
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_only_published_content_is_exported(tmp_path):
    public = make_dossier(title="Publié")
    make_dossier(title="Brouillon", status=Dossier.Status.DRAFT)
    kept = make_row(Figure, public, metric=Figure.Metric.CAMERAS, value=12)
    removed = make_row(Figure, public, metric=Figure.Metric.CAMERAS, value=99)
    removed.removed = True
    removed.save()
    propose_edit(make_contributor(), public, title="Proposition en attente")
    make_source(title="Source seule")
    folder = export_to(tmp_path)
    assert [row["title"] for row in read_csv(folder, "dossiers")] == ["Publié"]
    assert [row["id"] for row in read_csv(folder, "figures")] == [str(kept.pk)]
    assert "removed" not in read_csv(folder, "figures")[0]
    assert "Source seule" in {row["title"] for row in read_csv(folder, "sources")}
    assert read_csv(folder, "technology_uses") == []
    assert TechnologyUse.objects.count() == 0


def test_a_new_export_replaces_the_previous_set_whole(tmp_path):
    make_dossier(title="Premier")
    first = export_to(tmp_path).resolve()
    make_dossier(title="Second")
    second = export_to(tmp_path).resolve()
    assert [row["title"] for row in read_csv(second, "dossiers")] == ["Premier", "Second"]
    assert first != second and not first.exists(), "the older set is removed"
    assert {path.name for path in tmp_path.iterdir()} == {"current", ".lock", second.name}


@pytest.mark.django_db(transaction=True)
def test_two_exports_at_once_leave_one_complete_set(tmp_path):
    """Overlapping cron runs: each writes a whole set in turn, the newest stays."""
    make_dossier(title="Publié")
    results = run_together([lambda: export(tmp_path), lambda: export(tmp_path)])
    assert results == [results[0], results[0]] and results[0]["dossiers"] == 1, results
    folder = current(tmp_path)
    assert validate(folder / "datapackage.json").valid
    sets = [path for path in tmp_path.iterdir() if path.name.startswith("set-")]
    assert sets == [folder.resolve()]


@pytest.fixture
def published(settings, tmp_path, valenciennes_demo):
    """The demo's open data, exported where the site serves it from."""
    settings.OPENDATA_ROOT = tmp_path / "donnees"
    return export_to(settings.OPENDATA_ROOT)


def test_the_page_explains_the_data_and_links_every_file(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        page = client.get(reverse("opendata:index"))
    assert page.status_code == 200
    text = page.content.decode()
    for table in tables():
        assert f'href="{table.name}.csv"' in text and f'href="{table.name}.json"' in text
    assert 'href="datapackage.json"' in text
    assert "https://opendatacommons.org/licenses/odbl/1-0/" in text
    # The same tables through the API: its documentation and schema.
    assert f'href="{reverse("api:docs")}"' in text and f'href="{reverse("api:schema")}"' in text
    package = json.loads((published / "datapackage.json").read_text())
    created = datetime.fromisoformat(package["created"])
    assert date_format(timezone.localtime(created), "DATE_FORMAT") in text, "cite with its date"
    # The set changes when an export runs, not with the content generation.
    assert "private" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    english = client.get("/en" + reverse("opendata:index")).content.decode()
    assert "open data of" in english and 'href="funding_lines.csv"' in english
    # Tables and columns are described in the reader's language, not the file's.
    assert "<td>Funding lines" in english and "Lignes de financement" not in english
    assert "<code>amount</code>: amount" in english
    assert 'href="/en/api/docs/"' in english


def test_before_the_first_export_the_page_says_so(client, settings, tmp_path):
    settings.OPENDATA_ROOT = tmp_path / "rien"
    page = client.get(reverse("opendata:index"))
    assert page.status_code == 200
    assert "pas encore été produits" in page.content.decode()
    assert client.get(reverse("opendata:file", args=["dossiers.csv"])).status_code == 404


def test_files_are_served_as_written_and_nothing_else(client, published):
    url = reverse("opendata:file", args=["funding_lines.csv"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="funding_lines.csv"'
    assert b"".join(response.streaming_content) == (published / "funding_lines.csv").read_bytes()
    package = client.get(reverse("opendata:file", args=["datapackage.json"]))
    assert package["Content-Type"].startswith("application/json")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    for name in ("../settings.py", ".lock", "current", "dossiers.exe", "nothing.csv"):
        assert client.get(reverse("opendata:index") + name).status_code == 404, name


def read_streamed_csv(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_dossier_list_downloads_its_filtered_results(client):
    drones = Technology.objects.get(slug="drones")
    flying = make_dossier(title="Drones en ville")
    make_row(TechnologyUse, flying, technology=drones, status=TechnologyUse.Status.DEPLOYED)
    make_dossier(title="Caméras fixes")
    make_dossier(title="Brouillon à drones", status=Dossier.Status.DRAFT)
    listing = client.get(reverse("dossiers:list"), {"technology": "drones"}).content.decode()
    link = reverse("opendata:extract", args=["dossiers"]) + "?technology=drones"
    assert f'href="{link}"' in listing and "Télécharger ces résultats (CSV)" in listing
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dossiers-extrait.csv"'
    assert [row["title"] for row in read_streamed_csv(response)] == ["Drones en ville"]
    everything = read_streamed_csv(client.get(reverse("opendata:extract", args=["dossiers"])))
    assert sorted(row["title"] for row in everything) == ["Caméras fixes", "Drones en ville"]


@pytest.mark.parametrize(
    ("list_name", "table", "make", "query", "kept"),
    [
        (
            "actors:list",
            "actors",
            lambda: (make_actor("Huawei", kind="company"), make_actor("CNIL", kind="regulator")),
            "kind=regulator",
            "CNIL",
        ),
        (
            "sources:list",
            "sources",
            lambda: (make_source(title="Délibération", kind="deliberation"), make_source()),
            "kind=deliberation",
            "Délibération",
        ),
    ],
)
def test_actor_and_source_lists_download_their_filtered_results(
    client, list_name, table, make, query, kept
):
    make()
    listing = client.get(f"{reverse(list_name)}?{query}").content.decode()
    link = f"{reverse('opendata:extract', args=[table])}?{query}"
    assert f'href="{link}"' in listing
    rows = read_streamed_csv(client.get(link))
    assert [row.get("name") or row.get("title") for row in rows] == [kept]


def test_a_dossier_page_links_to_its_rows_of_every_table(client):
    dossier, other = make_dossier(), make_dossier()
    mine = make_row(Event, dossier, date="2020", title="Vote")
    make_row(Event, other, date="2021", title="Autre vote")
    page = client.get(dossier.get_absolute_url()).content.decode()
    events = reverse("opendata:extract", args=["events"]) + f"?dossier={dossier.pk}"
    assert f'href="{events}"' in page
    assert [row["id"] for row in read_streamed_csv(client.get(events))] == [str(mine.pk)]
    own = reverse("opendata:extract", args=["dossiers"]) + f"?dossier={dossier.pk}"
    assert [row["id"] for row in read_streamed_csv(client.get(own))] == [str(dossier.pk)]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("dossiers.csv?region=nowhere", "region"),
        ("events.csv?dossier=douze", "dossier"),
        ("sources.csv?dossier=1", "dossier"),
    ],
)
def test_an_extract_answers_bad_parameters_with_a_message(client, address, message):
    response = client.get(reverse("opendata:index") + "extrait/" + address)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get(reverse("opendata:index") + "extrait/nothing.csv").status_code == 404


def test_an_export_costs_the_same_queries_for_few_or_many_rows(tmp_path):
    """No query per row (a deferred field read per row made one, once)."""

    def add_dossier():
        dossier = make_dossier()
        make_row(Event, dossier, date="2020", title="Vote")
        make_row(Figure, dossier, metric=Figure.Metric.CAMERAS, value=3)
        return dossier

    add_dossier()
    with CaptureQueriesContext(connection) as few:
        export(tmp_path)
    for _ in range(4):
        add_dossier()
    with CaptureQueriesContext(connection) as many:
        counts = export(tmp_path)
    assert counts["dossiers"] == 5 and counts["events"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)
