"""A dossier's page outdated by an edit of one row of its sheet is built again from
its kept parts (core.page_cache.reassembled): the row's section alone, the rest as the
page showed it, to the same bytes the view would build; whenever that cannot be said
for sure, the view builds the page."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core import cache_tags, page_cache
from core.models import ContentGeneration
from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.models import ActorRole, Event, Figure, FundingLine, Technology, TechnologyUse
from dossiers.views.pages import DossierDetailView
from tests.concurrency import read_while_one_builds
from tests.factories import (
    make_actor,
    make_document_request,
    make_dossier,
    make_funding_line,
    make_row,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def views_run(monkeypatch):
    """The dossiers whose page the view built, one entry a build."""
    built = []
    original = DossierDetailView.get_context_data

    def counted(self, **kwargs):
        built.append(self.object.pk)
        return original(self, **kwargs)

    monkeypatch.setattr(DossierDetailView, "get_context_data", counted)
    return built


def get(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


def built_by_the_view(url):
    """The page as the view builds it, nothing kept."""
    caches["pages"].clear()
    response = get(url)
    assert response["X-Page-Cache"] == "miss"
    return response


@pytest.fixture
def sheet():
    """A dossier with a row in each section of its sheet, each citing a source; one
    row waits for a request for documents."""
    source = make_source()
    dossier = make_dossier(title="Delta", body=f"Un fait [@{source.key}].")
    request = make_document_request(title="Les conventions", dossiers=[dossier])
    actor = make_actor(name="Entreprise")
    rows = {
        TechnologyUse: make_row(
            TechnologyUse,
            dossier,
            sources=[source],
            technology=Technology.objects.get(slug="reconnaissance-faciale"),
            status=TechnologyUse.Status.PRESENT_UNUSED,
        ),
        ActorRole: make_row(ActorRole, dossier, actor=actor, role="supplier", note="Installateur"),
        FundingLine: make_funding_line(dossier, payer=actor, sources=[request]),
        Figure: make_row(Figure, dossier, metric="cameras", value=12, as_of="2024"),
        Event: make_row(Event, dossier, date="2020-03", title="Délibération"),
    }
    return dossier, rows


def edit(row, model):
    """A published edit of `row`, and a text the page must then show."""
    row = model.objects.get(pk=row.pk)
    if model is Figure:
        row.value = 987
        shown = "987"
    elif model is Event:
        row.title = shown = "Délibération modifiée"
    elif model is FundingLine:
        row.programme = shown = "Programme précisé"
    else:
        row.note = shown = "Note reprise"
    save_row_revision(row, user=None, reason="Relecture")
    return shown


@pytest.mark.parametrize("model", [TechnologyUse, ActorRole, FundingLine, Figure, Event])
def test_an_edit_of_a_row_builds_its_section_alone_to_the_page_the_view_builds(
    sheet, model, views_run
):
    dossier, rows = sheet
    url = dossier.get_absolute_url()
    get(url)
    assert get(url)["X-Page-Cache"] == "hit"
    before = len(views_run)

    shown = edit(rows[model], model)
    with CaptureQueriesContext(connection) as queries:
        rebuilt = get(url)

    assert rebuilt["X-Page-Cache"] == "miss"
    # The rows of the section (and for funding lines, the thresholds they are compared
    # with): nothing else. What the section shows of its dossier was kept as the view
    # built the page. (Without a shared tag store, the content generation is read too,
    # as for every page.)
    tables = [cache_tags.TABLE_NAMES.search(query["sql"])[1] for query in queries]
    expected = [model._meta.db_table, "core_contentgeneration"]
    if model is FundingLine:
        expected.append("dossiers_procurementthreshold")
    assert sorted(tables) == sorted(expected)
    assert len(views_run) == before  # built from its parts, not by the view
    html = rebuilt.content.decode()
    assert shown in html and "\x00" not in html
    assert rebuilt["Content-Length"] == str(len(rebuilt.content))
    again = get(url)
    assert again["X-Page-Cache"] == "hit" and again.content == rebuilt.content
    assert rebuilt.content == built_by_the_view(url).content
    assert rebuilt["ETag"] == again["ETag"] != ""


def test_what_a_section_shows_of_its_dossier_is_read_again_when_not_kept(sheet, views_run):
    """The view keeps it as it builds the page; gone (expired, evicted), the section
    reads it, and builds the same bytes."""
    dossier, rows = sheet
    url = dossier.get_absolute_url()
    get(url)
    caches["pages"].delete(page_cache.kept_key("value", "sheet-dossier", dossier.pk))
    before = len(views_run)
    edit(rows[Figure], Figure)
    with CaptureQueriesContext(connection) as queries:
        rebuilt = get(url)
    assert len(views_run) == before
    assert "dossiers_dossier" in {cache_tags.TABLE_NAMES.search(q["sql"])[1] for q in queries}
    assert rebuilt.content == built_by_the_view(url).content


def test_a_commune_renamed_shows_in_a_section_built_again_alone(sheet, views_run):
    dossier, rows = sheet
    url = dossier.get_absolute_url()
    get(url)
    city = dossier.city
    city.population = 123_456
    city.save()  # its page built again by the view, which keeps the dossier's anew
    assert "123" in get(url).content.decode()
    before = len(views_run)
    edit(rows[Figure], Figure)
    rebuilt = get(url)
    assert len(views_run) == before
    assert "123\u202f456" in rebuilt.content.decode()
    assert rebuilt.content == built_by_the_view(url).content


def test_an_edit_of_the_text_has_the_view_build_the_page(sheet, views_run):
    dossier, _rows = sheet
    url = dossier.get_absolute_url()
    get(url)
    before = len(views_run)
    dossier.body = "Un texte nouveau."
    save_dossier_revision(dossier, user=None, reason="Texte")
    response = get(url)
    assert len(views_run) == before + 1
    assert "Un texte nouveau." in response.content.decode()


def test_a_page_whose_parts_were_kept_by_another_build_has_the_view_build_it(sheet, views_run):
    dossier, rows = sheet
    url = dossier.get_absolute_url()
    get(url)
    # Another build of the page kept its recipe since: it does not describe this page.
    key = f"recipe:{page_cache.page_key(RequestFactory().get(url))}"
    recipe = caches["pages"].get(key)
    assert recipe is not None
    caches["pages"].set(key, {**recipe, "etag": '"another"'})
    before = len(views_run)
    shown = edit(rows[Figure], Figure)
    response = get(url)
    assert len(views_run) == before + 1 and shown in response.content.decode()


def test_no_page_of_the_site_shows_the_marks_of_its_parts(client, valenciennes_demo):
    from tests.site_pages import public_pages
    from tests.test_languages import in_english

    for name, path in public_pages():
        for address in (path, in_english(path)):
            for _read in range(2):
                response = client.get(address)
                assert response.status_code == 200, address
                assert b"\x00" not in response.content, name


@pytest.mark.django_db(transaction=True)
def test_readers_of_a_page_outdated_by_a_row_wait_for_one_build_of_its_section(
    monkeypatch, views_run
):
    """Many readers at once: one builds the section again, the others are served the
    page they had meanwhile; nothing is built twice, and the view never runs."""
    # Committed data only (the readers' connections see nothing else): no technology,
    # whose list a flush of the database by another such test empties.
    ContentGeneration.objects.get_or_create(pk=ContentGeneration.ROW_ID)
    dossier = make_dossier(title="Epsilon")
    row = make_row(Figure, dossier, metric="cameras", value=12, as_of="2024")
    url = dossier.get_absolute_url()
    get(url)
    shown = edit(row, Figure)
    before = len(views_run)
    readers = 6
    everyone_served = threading.Barrier(readers)
    builds = []
    build_alone = page_cache._rebuilders["sheet-figures"]

    def slow_build(*args):
        builds.append(threading.get_ident())
        everyone_served.wait(timeout=30)
        return build_alone(*args)

    monkeypatch.setitem(page_cache._rebuilders, "sheet-figures", slow_build)
    results = read_while_one_builds(url, readers, everyone_served)
    assert len(builds) == 1 and len(views_run) == before
    assert sorted(state for state, _content in results) == ["miss"] + ["stale"] * (readers - 1)
    rebuilt = next(page for state, page in results if state == "miss")
    assert all((shown in page) == (state == "miss") for state, page in results)
    monkeypatch.undo()
    assert get(url).content.decode() == rebuilt == built_by_the_view(url).content.decode()
