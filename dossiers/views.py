from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from config.pagination import LenientPaginationMixin
from dossiers.filters import DossierFilter
from dossiers.models import Dossier, revision_html
from dossiers.rendering import RenderError


class HomeView(TemplateView):
    template_name = "home.html"
    latest_count = 8

    def get_context_data(self, **kwargs):
        published = Dossier.objects.published()
        return super().get_context_data(
            latest_dossiers=published.with_city()[: self.latest_count],
            dossier_count=published.count(),
            city_count=published.values("city").distinct().count(),
            **kwargs,
        )


class DossierListView(LenientPaginationMixin, FilterView):
    filterset_class = DossierFilter
    paginate_by = 20
    template_name = "dossiers/dossier_list.html"

    def get_queryset(self):
        return Dossier.objects.published().with_city()


class DossierDetailView(DetailView):
    queryset = Dossier.objects.published().with_city()
    template_name = "dossiers/dossier_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            last_revision=self.object.public_revisions().first(), **kwargs
        )


class PublishedDossierMixin:
    """Views about one published dossier, found by the `slug` in the URL."""

    def dispatch(self, request, *args, **kwargs):
        self.dossier = get_object_or_404(
            Dossier.objects.published().with_city(), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(dossier=self.dossier, **kwargs)


class DossierHistoryView(PublishedDossierMixin, LenientPaginationMixin, ListView):
    paginate_by = 50
    template_name = "dossiers/dossier_history.html"
    context_object_name = "revisions"

    def get_queryset(self):
        return self.dossier.public_revisions()


class DossierRevisionView(PublishedDossierMixin, DetailView):
    template_name = "dossiers/dossier_revision.html"
    context_object_name = "revision"
    pk_url_kwarg = "revision_id"

    def get_queryset(self):
        return self.dossier.public_revisions()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), history_id=self.kwargs["revision_id"])

    def get_context_data(self, **kwargs):
        try:
            body_html, render_error = revision_html(self.object, self.dossier), None
        except RenderError as error:
            body_html, render_error = None, error.message
        return super().get_context_data(
            body_html=body_html,
            render_error=render_error,
            is_current=self.object.version == self.dossier.version,
            **kwargs,
        )
