"""Rendering and uploads without hidden state (issue 15): the dossier form renders the
body once in clean_body and its save stores the HTML and the cited keys; a model save
never renders; an upload is stored when the form is saved, not when it is validated."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import models as dossier_models
from dossiers.forms import DossierForm
from dossiers.models import Dossier
from review import actions
from sources.forms import SourceForm
from sources.models import Document
from tests.factories import make_dossier, make_source
from tests.pdfs import pdf_with_text
from tests.personas import make_trusted
from tests.review_helpers import edit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_renderings(monkeypatch):
    texts = []
    real = dossier_models.dossier.render_markdown

    def counting(text):
        texts.append(text)
        return real(text)

    monkeypatch.setattr(dossier_models.dossier, "render_markdown", counting)
    return texts


def test_the_form_renders_once_and_its_save_stores_the_html_and_the_cited_keys(
    counted_renderings,
):
    source = make_source(key="cnil-2021")
    dossier = make_dossier(body="Avant.")
    counted_renderings.clear()
    body = "Après, d’après la CNIL [@cnil-2021].\n\n## Suite\n\nFin."
    form = DossierForm(edit_form_data(dossier, body=body), instance=dossier, user=make_trusted())
    assert form.is_valid(), form.errors
    assert counted_renderings == [body]
    saved = actions.publish(form, user=form.user, summary="Texte", base_version=dossier.version)
    assert counted_renderings == [body]  # validating rendered it; saving did not
    saved = Dossier.objects.get(pk=saved.pk)
    assert "<h2" in saved.body_html and "Suite" in saved.body_html
    assert [entry["title"] for entry in saved.outline] == ["Suite"]
    assert list(saved.citations.values_list("source", flat=True)) == [source.pk]


def test_a_model_save_never_renders(monkeypatch):
    dossier = make_dossier(body="Texte publié.")
    html = dossier.body_html

    def refuse(text):
        raise AssertionError("a model save must not render")

    monkeypatch.setattr(dossier_models.dossier, "render_markdown", refuse)
    dossier.title = "Nouveau titre"
    dossier.save_revision(user=None, reason="Titre")
    assert Dossier.objects.get(pk=dossier.pk).body_html == html


def source_form(**extra):
    data = {
        "kind": "contract",
        "title": "Convention",
        "publisher": "Ville",
        "published": "2017",
        "language": "fr",
        "edit_summary": "Ajout",
        **extra,
    }
    files = {"upload": SimpleUploadedFile("c.pdf", pdf_with_text("Une convention"))}
    return SourceForm(data, files, user=make_trusted())


def test_validating_a_source_form_stores_no_file_and_saving_it_does():
    form = source_form()
    assert form.is_valid(), form.errors
    assert not Document.objects.exists()
    source = actions.publish(form, user=form.user, summary="Ajout", base_version=None)
    document = Document.objects.get()
    assert source.document_id == document.sha256
    assert document.page_count == 1


def test_a_form_shown_again_keeps_its_file_explicitly():
    form = source_form(title="")
    assert not form.is_valid()
    assert not Document.objects.exists()
    form.keep_files()
    document = Document.objects.get()
    assert form.data["document"] == document.sha256


def test_validating_leaves_the_stored_html_alone_until_the_save():
    dossier = make_dossier(body="Avant.")
    form = DossierForm(edit_form_data(dossier, body="Après."), instance=dossier, user=None)
    assert form.is_valid(), form.errors
    assert "Avant." in form.instance.body_html
    assert "Après." in form.preview_context()["preview_html"]
    form.save(commit=False)
    assert "Après." in form.instance.body_html
