from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from review.editing import ReviewedEditView
from sources.documents import documents_storage
from sources.forms import SourceForm
from sources.models import Document, Source

# The document is a download: nothing in it runs in the site's origin.
DOCUMENT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=3600",
}


def published_source(key):
    return get_object_or_404(Source.objects.public().with_document(), key=key)


class SourceCreateView(ReviewedEditView):
    form_class = SourceForm


class SourceEditView(ReviewedEditView):
    form_class = SourceForm

    def get_record(self):
        return published_source(self.kwargs["key"])


def readable_document(request, sha256):
    """A document the requester may read, or 404.

    The public reads documents attached to a published source; a document that
    waits in a proposal is for moderators and for whoever sent it.
    """
    return get_object_or_404(Document.objects.available_to(request.user), sha256=sha256)


def serve_document(request, sha256):
    document = readable_document(request, sha256)
    source = document.sources.order_by("id").first()
    filename = f"{source.key if source else 'document-' + document.sha256[:12]}.pdf"
    try:
        handle = documents_storage().open(document.storage_name, "rb")
    except FileNotFoundError:
        raise Http404(_("Le fichier de ce document est introuvable.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    return with_document_headers(response)


def document_text(request, sha256):
    document = readable_document(request, sha256)
    return with_document_headers(
        HttpResponse(document.text, content_type="text/plain; charset=utf-8")
    )


def with_document_headers(response):
    for header, value in DOCUMENT_HEADERS.items():
        response[header] = value
    return response
