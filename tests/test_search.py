"""Full-text search (issue 17, part 1), on SQLite's FTS5 and PostgreSQL's text search
alike: the same tests run on both databases."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.models import Dossier, Event, Figure, Technology, TechnologyUse
from review import actions
from search.indexing import rebuild
from search.models import SearchEntry
from search.query import MAX_LENGTH
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_dossier,
    make_row,
    make_source,
)
from tests.pdfs import pdf_with_text
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import propose_edit
from tests.test_documents import post_source

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def search(client, text, **filters):
    page = client.get(URL, {"q": text, **filters})
    assert page.status_code == 200
    return page


def titles(page):
    return [result.title for result in page.context["results"]]


def test_the_demo_dossier_comes_first_with_its_words_marked(client, valenciennes_demo):
    page = search(client, "videosurveillance huawei")
    first = page.context["results"][0]
    assert first.entry.kind == "dossier"
    assert first.title == valenciennes_demo.title
    assert "<mark>" in str(first.snippet)
    marked = re.findall(r"<mark>(.*?)</mark>", str(first.snippet))
    assert {word.casefold() for word in marked} & {"vidéosurveillance", "huawei"}
    assert client.get(first.url.split("#")[0]).status_code == 200


def test_a_phrase_from_a_pdf_finds_its_source_and_links_to_the_passage(client):
    client.force_login(make_trusted())
    content = pdf_with_text(
        "Convention Safe City", "Maintenance annuelle des cameras du centre urbain"
    )
    assert post_source(client, content, title="Convention signée").status_code == 302
    client.logout()
    page = search(client, '"maintenance annuelle des cameras"')
    (result,) = page.context["results"]
    assert result.title == "Convention signée"
    path, fragment = result.url.split("#", 1)
    assert path.endswith(".txt") and fragment.startswith(":~:text=")
    assert "Maintenance annuelle" in client.get(path).content.decode()
    # The words apart, but not as a phrase: not found as a phrase.
    assert titles(search(client, '"cameras annuelle"')) == []


def test_accents_and_case_do_not_matter(client):
    make_dossier(title="Caméras piétons à Nîmes")
    for text in ("CAMERAS pietons", "caméras PIÉTONS", "nimes"):
        assert titles(search(client, text)) == ["Caméras piétons à Nîmes"], text


def test_a_singular_finds_the_plural(client):
    make_dossier(title="Des caméras par centaines")
    assert titles(search(client, "caméra")) == ["Des caméras par centaines"]


def test_words_after_a_minus_are_excluded(client):
    make_dossier(title="Drones à Nice")
    make_dossier(title="Drones à Paris")
    make_dossier(title="Drones en ville", body="Ils ont été vus à Paris.")  # in its text only
    assert titles(search(client, "drones -paris")) == ["Drones à Nice"]
    assert set(titles(search(client, 'drones -"à nice"'))) == {"Drones à Paris", "Drones en ville"}


def test_every_word_must_be_found(client):
    make_dossier(title="Reconnaissance faciale")
    make_dossier(title="Lecture de plaques")
    assert titles(search(client, "reconnaissance plaques")) == []


@pytest.mark.parametrize(
    "text", ['"', "-", "*", "AND", "(", "OR NOT", '""', "- - -", "((*))", "x" * 1000]
)
def test_bad_input_gets_a_message_never_an_error(client, text):
    make_dossier(title="Quelque chose")
    page = search(client, text)
    assert page.context["query_error"]
    assert 'role="alert"' in page.content.decode()
    assert page.context["results"] == []


def test_an_absurdly_long_address_gets_a_page_saying_so(client):
    response = client.get(URL, {"q": "x" * 5000})
    assert response.status_code == 414
    assert "une recherche compte au plus 200" in response.content.decode()


def test_an_empty_search_shows_how_to_search(client):
    page = search(client, "")
    assert page.context["query_error"] is None
    assert "Que cherchez-vous" in page.content.decode()
    assert client.get(URL).status_code == 200


def test_quotes_and_stars_inside_words_are_only_text(client):
    make_dossier(title="Safe City")
    assert titles(search(client, 'safe* "city')) == ["Safe City"]
    assert titles(search(client, "safe AND city")) == ["Safe City"]
    assert titles(search(client, "NEAR(safe city)")) == ["Safe City"]


def test_a_long_query_is_refused_with_its_limit(client):
    page = search(client, "mot " * 60)
    assert str(MAX_LENGTH) in page.context["query_error"]


def test_pending_proposals_are_never_found_until_approved(client):
    dossier = make_dossier(title="Vidéoprotection")
    change = propose_edit(make_contributor(), dossier, summary="Un mot secretissime ici")
    assert titles(search(client, "secretissime")) == []
    actions.approve(change, moderator=make_moderator(), revision=change.revision)
    assert titles(search(client, "secretissime")) == ["Vidéoprotection"]


def test_drafts_and_removed_rows_are_not_found_and_come_back_when_restored(client):
    make_dossier(title="Brouillon introuvable", status=Dossier.Status.DRAFT)
    assert titles(search(client, "introuvable")) == []
    dossier = make_dossier(title="Publié")
    row = make_row(Event, dossier, date="2021-05", title="Avertissement singulier")
    assert len(titles(search(client, "singulier"))) == 1
    row.removed = True
    save_row_revision(row, user=None, reason="Retrait")
    assert titles(search(client, "singulier")) == []
    removal = row.public_revisions().first()
    first = row.public_revisions().last()
    actions.restore(first, user=make_moderator(), base_version=removal.version)
    assert len(titles(search(client, "singulier"))) == 1


def test_a_dossier_unpublished_takes_its_rows_out_and_its_new_title_reaches_them(client):
    dossier = make_dossier(title="Ancien titre")
    make_row(Figure, dossier, metric="cameras", value=12, scope="quartier Gambetta")
    (row_result,) = search(client, "gambetta").context["results"]
    assert row_result.entry.summary == "Ancien titre"
    dossier.title = "Nouveau titre"
    save_dossier_revision(dossier, user=None, reason="Titre")
    assert search(client, "gambetta").context["results"][0].entry.summary == "Nouveau titre"
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.DRAFT)
    dossier.refresh_from_db()
    save_dossier_revision(dossier, user=None, reason="Dépublié")
    assert titles(search(client, "gambetta")) == []


def test_filters_by_kind_department_and_technology(client):
    nord = make_department("Nord", code="59")
    valenciennes = make_city("Valenciennes", department=nord)
    here = make_dossier(valenciennes, title="Caméras du Nord")
    make_dossier(title="Caméras d’ailleurs")
    make_source(title="Caméras en source")
    drones = Technology.objects.get(slug="drones")
    make_row(TechnologyUse, here, technology=drones, status="deployed")
    row = fr("Technologie : Drones : déployée")  # its summary: its dossier's title
    assert set(titles(search(client, "caméras", kind="source"))) == {"Caméras en source"}
    assert titles(search(client, "caméras", department=nord.pk)) == ["Caméras du Nord", row]
    assert titles(search(client, "caméras", technology="drones")) == ["Caméras du Nord", row]
    assert titles(search(client, "caméras", kind="commune")) == []


def test_results_come_grouped_dossiers_first(client):
    dossier = make_dossier(title="Huawei à Valenciennes")
    make_source(title="Huawei Huawei Huawei")
    make_actor("Huawei")
    make_row(Figure, dossier, metric="cameras", value=3, scope="Huawei")
    kinds = [result.entry.kind for result in search(client, "huawei").context["results"]]
    assert kinds == ["dossier", "actor", "source", "figure"]


def test_a_commune_named_exactly_comes_first(client):
    make_city("Valenciennes-sur-Mer")
    valenciennes = make_city("Valenciennes", postal_codes="59300")
    page = search(client, "Valenciennes")
    assert page.context["communes"][0] == valenciennes
    assert search(client, "59300").context["communes"] == [valenciennes]
    text = page.content.decode()
    assert valenciennes.get_absolute_url() in text


def test_snippets_are_escaped_then_marked(client):
    make_source(title="Titre", notes="<script>alert('x')</script> huawei <b>gras</b>")
    (result,) = search(client, "huawei").context["results"]
    snippet = str(result.snippet)
    # PostgreSQL's headline drops what looks like tags; FTS5 keeps them as text: escaped.
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>huawei</mark>" in snippet
    assert "<b>" not in search(client, "huawei").content.decode().split("search-result")[1]


def test_a_dossier_result_links_to_the_section_with_the_words(client):
    body = "Intro.\n\n## Financement\n\nLa ville paie.\n\n## Régulateur\n\nLa CNIL avertit."
    dossier = make_dossier(title="Sections", body=body)
    (result,) = search(client, "cnil").context["results"]
    anchor = result.url.split("#")[1]
    assert f'id="{anchor}"' in client.get(dossier.get_absolute_url()).content.decode()
    assert "gulateur" in anchor  # the « Régulateur » section, not « Financement »


def test_the_page_costs_the_same_queries_for_few_or_many_results(
    client, django_assert_max_num_queries
):
    make_dossier(title="Caméras 0")
    with django_assert_max_num_queries(12) as few:
        search(client, "caméras")
    for number in range(1, 25):
        make_dossier(title=f"Caméras {number}", city=make_city())
    with django_assert_max_num_queries(12) as many:
        page = search(client, "caméras")
    assert len(page.context["results"]) == 20
    # No query per result; PostgreSQL ranks group after group until the page is full
    # (at most one query per group of types), so a fuller page may take fewer.
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert client.get(URL, {"q": "caméras", "page": 2}).status_code == 200
    assert len(client.get(URL, {"q": "caméras", "page": 2}).context["results"]) == 5


def test_the_search_page_in_english(client):
    make_dossier(title="Caméras")
    page = client.get("/en" + URL, {"q": "caméras"})
    assert page.status_code == 200
    assert page.context["results"][0].url.startswith("/en/dossiers/")


def test_rebuilding_the_index_finds_the_same(client):
    dossier = make_dossier(title="Reconstruit")
    make_row(Figure, dossier, metric="cameras", value=3)
    SearchEntry.objects.all().delete()
    assert titles(search(client, "reconstruit")) == []
    assert rebuild() == SearchEntry.objects.count() >= 3
    assert titles(search(client, "reconstruit"))[0] == "Reconstruit"


def test_the_header_box_searches_everything(client):
    text = client.get(reverse("dossiers:list")).content.decode()
    assert f'action="{URL}"' in text


def test_pages_follow_each_other_across_groups(client, monkeypatch):
    from search.views import SearchView

    for number in range(3):
        make_dossier(title=f"Pagination dossier {number}")
        make_source(title=f"Pagination source {number}")
    monkeypatch.setattr(SearchView, "paginate_by", 2)
    seen = []
    for number in (1, 2, 3):
        page = client.get(URL, {"q": "pagination", "page": number})
        seen += [result.entry.kind for result in page.context["results"]]
        assert page.context["page_obj"].has_next() is (number < 3)
    assert seen == ["dossier"] * 3 + ["source"] * 3
    assert client.get(URL, {"q": "pagination", "page": 4}).status_code == 404


def test_each_group_is_read_from_its_own_part_of_the_index(client):
    """On PostgreSQL, the GIN indexes on (group, vector) and (group, head) find a
    group's matches without reading the other groups' (btree_gin compares the group
    only with a smallint: an integer left it to a filter, and a word as common as
    « caméra » cost every group's matches)."""
    make_dossier(title="Caméras du centre")
    make_source(title="Caméras en mairie")
    with CaptureQueriesContext(connection) as queries:
        assert titles(search(client, "caméras")) == ["Caméras du centre", "Caméras en mairie"]
    if connection.vendor != "postgresql":
        assert any("search_fts MATCH" in query["sql"] for query in queries)
        return
    ranking = next(query["sql"] for query in queries if "WITH candidates" in query["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",), "sequential scans are off for the ranking only"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        cursor.execute(f"EXPLAIN {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    lines = [line.strip() for line in plan.splitlines()]
    # Each part (title and summary; whole text) reads a GIN index on its group.
    conditions = [
        lines[number + 1]
        for number, line in enumerate(lines)
        if line.startswith("->  Bitmap Index Scan on search_entry_group_")
    ]
    assert len(conditions) == 2, plan
    assert all("Index Cond: " in c and '"group" = ' in c for c in conditions), plan
    assert not [line for line in lines if line.startswith("Filter:") and "group" in line], plan
    # A kind's results are in its group alone: no other group is asked.
    with CaptureQueriesContext(connection) as queries:
        assert titles(search(client, "caméras", kind="source")) == ["Caméras en mairie"]
    assert len([query for query in queries if "WITH candidates" in query["sql"]]) == 1
