"""When someone published while you were writing (issue 14): edits of different
passages are merged with the published revision and saved; overlapping ones get a
conflict page that says who published what, marks the passages to settle, and
keeps your text intact. The same for every reviewed text field."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.models import Dossier
from review.models import ChangeRequest
from sources.models import Source
from tests.concurrency import client_for
from tests.factories import make_dossier, make_source
from tests.personas import make_contributor, make_trusted
from tests.review_helpers import edit_form_data
from tests.test_documents import source_data

pytestmark = pytest.mark.django_db

BASE = "## Caméras\n\nLa ville compte 40 caméras.\n\n## Financement\n\nLe coût est inconnu.\n"


def publish_as(user, dossier, summary, **fields):
    """Someone else publishes an edit of `dossier` (as it is now)."""
    response = client_for(user).post(
        reverse("dossiers:edit", args=[dossier.slug]), edit_form_data(dossier, summary, **fields)
    )
    assert response.status_code == 302
    dossier.refresh_from_db()


def edited_meanwhile(summary):
    """A dossier, the edit form data someone opened, and the dossier after another
    person published « 42 caméras » from the same revision."""
    dossier = make_dossier(body=BASE)
    started_from = edit_form_data(dossier, summary)
    publish_as(
        make_trusted("premiere"),
        dossier,
        "Caméras recomptées",
        body=BASE.replace("40 caméras", "42 caméras"),
    )
    return dossier, started_from


def test_edits_of_different_passages_are_merged_and_saved():
    dossier, started_from = edited_meanwhile("Financement précisé")
    second = client_for(make_trusted("second"))

    response = second.post(
        reverse("dossiers:edit", args=[dossier.slug]),
        {**started_from, "body": BASE.replace("Le coût est inconnu.", "Le coût : 24 000 €.")},
        follow=True,
    )

    assert response.status_code == 200
    dossier.refresh_from_db()
    assert "42 caméras" in dossier.body and "Le coût : 24 000 €." in dossier.body
    assert dossier.history.count() == 3
    assert dossier.history.first().history_change_reason == "Financement précisé"
    assert "fusionnées automatiquement" in response.text


def test_overlapping_edits_get_a_conflict_page_that_helps():
    dossier, started_from = edited_meanwhile("Ma version")
    mine = BASE.replace("40 caméras", "38 caméras selon la CNIL")

    response = client_for(make_trusted("second")).post(
        reverse("dossiers:edit", args=[dossier.slug]), {**started_from, "body": mine}
    )

    assert response.status_code == 409
    page = response.text
    assert "premiere" in page and fr("« Caméras recomptées »") in page
    revision = dossier.history.first()
    assert reverse("dossiers:revision", args=[dossier.slug, revision.history_id]) in page
    assert '<pre class="merge-mine">La ville compte 38 caméras selon la CNIL.' in page
    assert '<pre class="merge-theirs">La ville compte 42 caméras.' in page
    assert "serait effacé si vous enregistriez votre texte tel quel" in page
    form = response.context["form"]
    assert form["body"].value() == mine
    assert form["base_version"].value() == dossier.version
    dossier.refresh_from_db()
    assert "42 caméras" in dossier.body


def test_hostile_text_in_a_conflict_is_shown_escaped():
    dossier = make_dossier(body="Ligne.\n")
    started_from = edit_form_data(dossier, "Mine")
    publish_as(make_trusted("premiere"), dossier, "Autre", body="<b>Autre</b>\n")
    response = client_for(make_trusted("second")).post(
        reverse("dossiers:edit", args=[dossier.slug]),
        {**started_from, "body": "<script>alert(1)</script>\n"},
    )
    assert response.status_code == 409
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_proposal_from_an_old_version_is_merged_onto_the_current_one():
    dossier, started_from = edited_meanwhile("Proposition")

    response = client_for(make_contributor()).post(
        reverse("dossiers:edit", args=[dossier.slug]),
        {**started_from, "body": BASE.replace("inconnu", "de 24 000 €")},
    )

    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.base_version == dossier.version
    assert "42 caméras" in change.proposed["body"] and "24 000 €" in change.proposed["body"]
    # Forms store text without its final line break.
    assert Dossier.objects.get().body == BASE.replace("40 caméras", "42 caméras").rstrip()


def test_source_notes_merge_like_any_text_and_other_fields_conflict_whole():
    notes = "Premier point.\n\nSecond point.\n"
    source = make_source("convention", notes=notes, title="Convention")

    def edit(user, base, **fields):
        values = {
            "title": base.title,
            "kind": base.kind,
            "publisher": base.publisher,
            "published": base.published,
            "url": base.url,
            "notes": base.notes,
            "base_version": base.version,
        }
        data = source_data(**{**values, **fields})
        return client_for(user).post(reverse("sources:edit", args=[source.key]), data)

    old = Source.objects.get()
    assert (
        edit(make_trusted("a"), old, notes=notes.replace("Premier", "Tout premier")).status_code
        == 302
    )
    merged = edit(make_trusted("b"), old, notes=notes.replace("Second", "Deuxième"))
    assert merged.status_code == 302
    assert Source.objects.get().notes == "Tout premier point.\n\nDeuxième point."

    old = Source.objects.get()
    assert edit(make_trusted("c"), old, title="Convention signée").status_code == 302
    clash = edit(make_trusted("d"), old, title="Convention de 2017")
    assert clash.status_code == 409
    assert '<pre class="merge-mine">Convention de 2017' in clash.text
    assert Source.objects.get().title == "Convention signée"
