"""Uploaded documents: type read from the content, size limits, one copy per content."""

import hashlib

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from review.models import ChangeRequest
from sources.models import Document, Source
from tests.pdfs import HTML_BYTES, PNG_BYTES, pdf_with_text
from tests.personas import logged_in, make_contributor, make_moderator, make_trusted
from tests.review_helpers import decision_data

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("sources:create")


def source_data(**fields):
    return {
        "kind": "contract",
        "title": "Convention Huawei",
        "publisher": "Ville de Valenciennes",
        "published": "02/2017",
        "url": "",
        "archive_url": "",
        "language": "fr",
        "accessed_on": "",
        "notes": "",
        "key": "",
        "document": "",
        "edit_summary": "Ajout de la convention",
        **fields,
    }


def upload(content, name="convention.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_source(client, content, name="convention.pdf", **fields):
    return client.post(CREATE_URL, {**source_data(**fields), "upload": upload(content, name)})


@pytest.fixture
def trusted_client(client):
    return logged_in(client, make_trusted())


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (HTML_BYTES, "deliberation.pdf", "n’est pas un PDF"),
        (PNG_BYTES, "convention.pdf", "n’est pas un PDF"),
        (pdf_with_text("Une page")[:200], "tronque.pdf", "Ce PDF est illisible"),
        (b"%PDF-1.4\nrien d'autre", "faux.pdf", "Ce PDF est illisible"),
        (HTML_BYTES.ljust(200) + pdf_with_text("Une page"), "polyglotte.pdf", "n’est pas un PDF"),
    ],
    ids=["renamed-html", "png", "truncated-pdf", "pdf-header-only", "html-before-signature"],
)
def test_files_that_are_not_readable_pdfs_are_refused_and_the_form_is_kept(
    trusted_client, content, name, message
):
    response = post_source(trusted_client, content, name, title="Titre à garder")
    assert response.status_code == 200
    errors = response.context["form"].errors["upload"]
    assert any(message in error for error in errors)
    assert 'value="Titre à garder"' in response.text
    assert Source.objects.count() == 0
    assert Document.objects.count() == 0
    assert ChangeRequest.objects.count() == 0


def test_an_empty_file_is_refused(trusted_client):
    response = post_source(trusted_client, b"")
    assert "upload" in response.context["form"].errors
    assert "vide" in response.context["form"].errors["upload"][0]
    assert Document.objects.count() == 0


def test_a_file_over_the_limit_is_refused_with_both_sizes(trusted_client, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    response = post_source(trusted_client, pdf_with_text("x" * 2000))
    [error] = response.context["form"].errors["upload"]
    assert "la limite est de 1000" in error.replace("\xa0", "")
    assert Document.objects.count() == 0


def test_a_pdf_is_stored_under_its_hash_with_pages_and_text(trusted_client):
    content = pdf_with_text("Convention Safe City", "Maintenance 24000 euros")
    response = post_source(trusted_client, content, name="../../etc/Convention finale.pdf")
    assert response.status_code == 302
    digest = hashlib.sha256(content).hexdigest()
    source = Source.objects.get()
    document = source.document
    assert document.sha256 == digest
    assert document.page_count == 2
    assert "Maintenance 24000 euros" in document.text
    assert document.original_name == "Convention finale.pdf"
    storage = storages["documents"]
    assert document.storage_name == f"{digest[:2]}/{digest}.pdf"
    with storage.open(document.storage_name, "rb") as stored:
        assert stored.read() == content
    # The sender's file name appears nowhere on disk.
    assert storage.listdir(digest[:2])[1] == [f"{digest}.pdf"]


def test_the_same_file_twice_is_stored_once_and_linked_to_both_sources(trusted_client):
    content = pdf_with_text("Deliberation du 9 decembre 2016")
    post_source(trusted_client, content, title="Première", url="https://a.example/1")
    post_source(trusted_client, content, name="autre-nom.pdf", title="Seconde")
    assert Source.objects.count() == 2
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert set(document.sources.values_list("title", flat=True)) == {"Première", "Seconde"}
    assert len(storages["documents"].listdir(document.sha256[:2])[1]) == 1


def test_a_valid_upload_is_kept_when_another_field_is_wrong(trusted_client):
    content = pdf_with_text("Une decision")
    response = post_source(trusted_client, content, title="")
    assert "title" in response.context["form"].errors
    digest = hashlib.sha256(content).hexdigest()
    # Sent again without the file, the form still holds the stored document.
    assert f'value="{digest}"' in response.text
    assert "Document joint" in response.text
    assert Source.objects.count() == 0
    response = trusted_client.post(CREATE_URL, source_data(document=digest))
    assert response.status_code == 302
    assert Source.objects.get().document_id == digest


def test_documents_are_served_as_safe_downloads(client):
    trusted = make_trusted()
    content = pdf_with_text("Avertissement")
    post_source(logged_in(client, trusted), content, key="cnil-2021")
    client.logout()
    digest = hashlib.sha256(content).hexdigest()
    response = client.get(reverse("sources:document", args=[digest]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"] == 'attachment; filename="cnil-2021.pdf"'
    text = client.get(reverse("sources:document_text", args=[digest]))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "Avertissement" in text.text


def test_a_proposed_document_is_hidden_until_its_source_is_approved(client):
    author = make_contributor()
    content = pdf_with_text("Document en attente")
    response = post_source(logged_in(client, author), content, key="en-attente")
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    digest = hashlib.sha256(content).hexdigest()
    document_url = reverse("sources:document", args=[digest])
    # Its sender and moderators can read it; the public and other members cannot.
    assert client.get(document_url).status_code == 200
    client.logout()
    assert client.get(document_url).status_code == 404
    assert client.get(reverse("sources:document_text", args=[digest])).status_code == 404
    logged_in(client, make_contributor("bob"))
    assert client.get(document_url).status_code == 404
    moderator = make_moderator()
    logged_in(client, moderator)
    assert client.get(document_url).status_code == 200
    client.post(reverse("review:approve", args=[change.pk]), decision_data(change))
    client.logout()
    assert client.get(document_url).status_code == 200


class TestAttachingByHash:
    """A document's SHA-256 is no secret: naming it attaches nothing that is not yours."""

    def pending_document(self, client, sender=None):
        logged_in(client, sender or make_contributor("autrice"))
        post_source(client, pdf_with_text("Convention confidentielle"), "secret.pdf")
        client.logout()
        return Document.objects.get()

    @pytest.mark.parametrize("persona", [make_contributor, make_trusted])
    def test_someone_elses_pending_document_cannot_be_attached(self, client, persona):
        document = self.pending_document(client)
        logged_in(client, persona("curieux"))
        data = source_data(document=document.sha256, url="https://exemple.fr/a")
        preview = client.post(CREATE_URL, {**data, "preview": "1"})
        assert "secret.pdf" not in preview.text
        response = client.post(CREATE_URL, data)
        assert response.status_code == 200
        assert "joignez de nouveau le fichier" in response.text
        assert not Source.objects.exists()
        assert not document.is_public()

    def test_its_sender_can_attach_it_to_another_source(self, client):
        sender = make_contributor("autrice")
        document = self.pending_document(client, sender)
        logged_in(client, sender)
        response = client.post(CREATE_URL, source_data(document=document.sha256, title="Bis"))
        assert response.status_code == 302
        assert ChangeRequest.objects.filter(proposed__document=document.sha256).count() == 2

    def test_a_public_document_can_be_attached_by_anyone(self, client):
        logged_in(client, make_trusted("publieur"))
        post_source(client, pdf_with_text("Convention publique"), "public.pdf")
        document = Document.objects.get()
        assert document.is_public()
        logged_in(client, make_trusted("autre"))
        response = client.post(
            CREATE_URL, source_data(document=document.sha256, title="Seconde", key="seconde")
        )
        assert response.status_code == 302
        assert Source.objects.filter(document=document).count() == 2


class TestOrphans:
    """Refused forms leave their PDFs behind: a quota per account, and a daily cleanup."""

    def test_the_cleanup_deletes_only_old_unattached_documents(self, client):
        import datetime

        from django.core.management import call_command
        from django.utils import timezone

        logged_in(client, make_trusted("publieur"))
        post_source(client, pdf_with_text("Publiee"), "publie.pdf")
        # Refused for its missing title: its document stays behind, attached to nothing.
        post_source(client, pdf_with_text("Orpheline"), "orphelin.pdf", title="")
        logged_in(client, make_contributor("autrice"))
        post_source(client, pdf_with_text("En attente"), "attente.pdf", key="attente")
        assert Document.objects.count() == 3
        Document.objects.update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
        orphan = Document.objects.get(original_name="orphelin.pdf")
        storage = storages["documents"]
        assert storage.exists(orphan.storage_name)

        call_command("delete_orphan_documents")

        names = set(Document.objects.values_list("original_name", flat=True))
        assert names == {"publie.pdf", "attente.pdf"}
        assert not storage.exists(orphan.storage_name)

    def test_recent_orphans_are_kept_for_a_day(self, client):
        from django.core.management import call_command

        logged_in(client, make_trusted())
        post_source(client, pdf_with_text("Orpheline"), "orphelin.pdf", title="")
        call_command("delete_orphan_documents")
        assert Document.objects.count() == 1

    def test_a_contributor_has_a_quota_of_documents_waiting(self, client, settings):
        settings.DOCUMENT_PENDING_QUOTA = 2
        logged_in(client, make_contributor())
        for n in range(2):
            post_source(client, pdf_with_text(f"Document {n}"), title="")
        response = post_source(client, pdf_with_text("Un de trop"), title="Titre gardé")
        assert "pas encore publiés" in response.context["form"].errors["upload"][0]
        assert 'value="Titre gardé"' in response.text
        assert Document.objects.count() == 2
