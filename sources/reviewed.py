"""How sources go through review (see review.registry)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from review.registry import ReviewedType, SearchDocument, register
from sources.filters import SourceFilter
from sources.forms import SourceForm
from sources.models import Source


class SourceType(ReviewedType):
    model = Source
    form_class = SourceForm
    related = ["document"]
    preview_template = "sources/_preview.html"
    edit_template = "sources/source_form.html"
    url_namespace = "sources:"
    belongs_to = {"source": "id"}
    export_filterset_class = SourceFilter
    search_order = 20

    def url_args(self, record):
        return [record.key]

    def search_document(self, record):
        """Title; publisher and authors; the notes, then the text of its document
        (a section of its own, so a result links to the passage in the text)."""
        summary = ", ".join(part for part in (record.publisher, record.authors) if part)
        body, sections = record.notes, [("", 0)]
        if record.document_id and record.document.text:
            text_url = reverse("sources:document_text", args=[record.document_id])
            sections.append((text_url, len(body) + 1))
            body = f"{body}\n{record.document.text}"
        return SearchDocument(title=record.title, summary=summary, body=body, sections=sections)

    def label(self, record):
        """« Title », publisher: a source's title alone is often a commune's name."""
        title = (
            record.title
            if record.descriptive_title
            else _("« %(title)s »") % {"title": record.title}
        )
        if record.publisher:
            return _("%(title)s, %(publisher)s") % {"title": title, "publisher": record.publisher}
        return title

    def trail(self, record):
        return [(_("Sources"), reverse("sources:list")), (record.title, record.get_absolute_url())]


def register_all():
    register(SourceType())
