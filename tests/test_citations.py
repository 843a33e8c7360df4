"""[@key] citations: numbered in order of first citation, checked, stored at save."""

import re

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision
from dossiers.models import Citation, Dossier
from review.models import ChangeRequest
from tests.factories import make_dossier, make_source
from tests.personas import logged_in, make_contributor, make_trusted
from tests.review_helpers import edit_form_data

pytestmark = pytest.mark.django_db


def citation_calls(html):
    """The numbers of each citation call, in reading order: [["1"], ["2", "3"], ...]."""
    calls = re.findall(r'<sup class="citation">(.*?)</sup>', html)
    return [re.findall(r'href="#ref-(\d+)"', call) for call in calls]


@pytest.fixture
def three_sources():
    return [make_source(key) for key in ("cnil-2021", "mediapart-2021-08-01", "afp-2021-08-03")]


def test_a_group_typed_out_of_order_is_printed_in_ascending_order(three_sources):
    dossier = make_dossier(
        body="Un [@mediapart-2021-08-01; @cnil-2021]. Trois [@afp-2021-08-03; @cnil-2021; "
        "@mediapart-2021-08-01]."
    )
    assert citation_calls(dossier.body_html) == [["1", "2"], ["1", "2", "3"]]
    # The anchors a reference points back to stay on each number's first call.
    assert dossier.body_html.count('id="cite-3"') == 1


def test_numbers_follow_the_order_of_first_citation(three_sources):
    dossier = make_dossier(
        body="Un [@mediapart-2021-08-01]. Deux [@cnil-2021; @AFP-2021-08-03]. "
        "Encore [@mediapart-2021-08-01]. Les deux [@cnil-2021; @mediapart-2021-08-01]."
    )
    # A group is printed in ascending order, whatever order its keys were typed in.
    assert citation_calls(dossier.body_html) == [["1"], ["2", "3"], ["1"], ["1", "2"]]
    # Only the first call of each number carries the anchor the reference points back to.
    assert dossier.body_html.count('id="cite-1"') == 1
    positions = list(
        Citation.objects.filter(dossier=dossier).values_list("source__key", "position")
    )
    assert positions == [("mediapart-2021-08-01", 1), ("cnil-2021", 2), ("afp-2021-08-03", 3)]


def test_the_reference_list_gives_full_references_in_citation_order(client, three_sources):
    cnil = three_sources[0]
    cnil.publisher, cnil.published, cnil.title = "CNIL", "2021-05-12", "Avertissement"
    cnil.archive_url = "https://web.archive.org/web/2021/https://cnil.example/"
    cnil.save_revision(user=None, reason="Détails")
    dossier = make_dossier(body="A [@afp-2021-08-03]. B [@cnil-2021].")
    page = client.get(dossier.get_absolute_url()).text
    references = page[page.index('class="reference-list"') :]
    assert references.index('id="ref-1"') < references.index("afp-2021-08-03")
    entry = references[references.index('id="ref-2"') :]
    entry = entry[: entry.index("</li>")]
    assert fr("CNIL, 12 mai 2021, « Avertissement »") in entry
    assert 'href="https://web.archive.org/web/2021/https://cnil.example/"' in entry
    assert f'href="{cnil.get_absolute_url()}"' in entry
    assert 'href="#cite-2"' in entry


def test_citations_in_code_links_and_escapes_are_not_citations(three_sources):
    dossier = make_dossier(
        body="`[@cnil-2021]` et [@cnil-2021](https://lien.example) et \\[@cnil-2021]"
    )
    assert citation_calls(dossier.body_html) == []
    assert not Citation.objects.filter(dossier=dossier).exists()


def test_an_unknown_key_is_a_form_error_shown_in_the_preview(client, three_sources):
    dossier = make_dossier(body="Avant.")
    logged_in(client, make_trusted())
    data = edit_form_data(dossier, body="Fait [@cnil-2021]. Autre [@inconnue-2099].")
    response = client.post(reverse("dossiers:edit", args=[dossier.slug]), {**data, "preview": 1})
    assert response.status_code == 200
    [error] = response.context["form"].errors["body"]
    assert "[@inconnue-2099]" in error
    assert "[@cnil-2021]" not in error
    preview = response.text[response.text.index('id="site-preview-title"') :]
    assert fr("Source inconnue : [@inconnue-2099]") in preview
    assert 'class="unknown-reference"' in preview
    client.post(reverse("dossiers:edit", args=[dossier.slug]), data)
    dossier.refresh_from_db()
    assert dossier.body == "Avant."


def test_a_key_still_in_review_is_named_as_such(client):
    author = make_contributor()
    logged_in(client, author)
    from tests.test_documents import source_data

    client.post(
        reverse("sources:create"),
        source_data(key="en-relecture", url="https://r.example/"),
    )
    assert ChangeRequest.objects.pending().count() == 1
    dossier = make_dossier()
    response = client.post(
        reverse("dossiers:edit", args=[dossier.slug]),
        edit_form_data(dossier, body="Fait [@en-relecture]."),
    )
    assert "attend encore une relecture" in response.context["form"].errors["body"][0]


def test_links_are_rewritten_when_the_text_changes(three_sources):
    dossier = make_dossier(body="[@cnil-2021] [@afp-2021-08-03]")
    dossier.body = "[@afp-2021-08-03] seulement"
    save_dossier_revision(dossier, user=None, reason="Moins de sources")
    assert list(dossier.citations.values_list("source__key", "position")) == [("afp-2021-08-03", 1)]
    # Which dossiers cite a source: one query.
    assert list(three_sources[0].citations.all()) == []


def test_an_old_revision_shows_its_own_references(client, three_sources):
    dossier = make_dossier(body="Ancien [@cnil-2021].")
    first = dossier.history.get()
    dossier.body = "Nouveau [@afp-2021-08-03]."
    save_dossier_revision(dossier, user=None, reason="Autre source")
    page = client.get(reverse("dossiers:revision", args=[dossier.slug, first.history_id])).text
    references = page[page.index('class="reference-list"') :]
    assert "cnil-2021" in references
    assert "afp-2021-08-03" not in references


def test_a_moderator_approval_re_checks_the_keys(client):
    from tests.review_helpers import propose_edit

    source = make_source("bientot-retiree")
    dossier = make_dossier(body="Avant.")
    change = propose_edit(make_contributor(), dossier, body="Fait [@bientot-retiree].")
    assert Dossier.objects.get(pk=dossier.pk).body == "Avant."
    # The key disappears before the approval (an administrator's correction).
    source.citations.all().delete()
    source.history.all().delete()
    source.delete()
    from tests.personas import make_moderator

    logged_in(client, make_moderator())
    client.post(reverse("review:approve", args=[change.pk]), {"reason": ""})
    change.refresh_from_db()
    assert change.is_pending
    assert Dossier.objects.get(pk=dossier.pk).body == "Avant."
