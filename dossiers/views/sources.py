"""Sources as this site shows them: with the published dossiers that cite them.

The sources app knows nothing of dossiers; what joins the two lives here.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers.models import Citation
from sources.answering import request_named
from sources.filters import SourceFilter
from sources.models import Source

TEXT_EXCERPT_CHARS = 6000


class SourceListView(ListPaginationMixin, FilterView):
    filterset_class = SourceFilter
    paginate_by = 30
    template_name = "sources/source_list.html"

    def get_queryset(self):
        citing = (
            Citation.objects.public()
            .filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(count=Count("pk"))
            .values("count")
        )
        # A subquery, so that it runs for the rows of the page only, not for the
        # whole table before sorting.
        return (
            Source.objects.public()
            .for_listing()
            .annotate(citing_dossiers=Coalesce(Subquery(citing), 0))
            .order_by(*Source._meta.ordering)
        )


class SourceDetailView(DetailView):
    template_name = "sources/source_detail.html"
    slug_field = slug_url_kwarg = "key"
    queryset = Source.objects.public().with_document()

    def get_context_data(self, **kwargs):
        document = self.object.document
        return super().get_context_data(
            citations=Citation.objects.public()
            .filter(source=self.object)
            .select_related("dossier__city__department"),
            last_revision=self.object.public_revisions().first(),
            text_excerpt=document.text[:TEXT_EXCERPT_CHARS] if document else "",
            text_truncated=bool(document) and len(document.text) > TEXT_EXCERPT_CHARS,
            answered_request=request_named(self.object.answers_request),
            **kwargs,
        )
