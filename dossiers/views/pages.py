from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers.citations import stored_references
from dossiers.filters import DossierFilter
from dossiers.maps import DepartmentMap
from dossiers.models import DocumentRequest, Dossier, TechnologyUse
from dossiers.sheet import build_sheet
from review.models import ChangeRequest


class HomeView(TemplateView):
    template_name = "home.html"
    latest_count = 8

    def get_context_data(self, **kwargs):
        published = Dossier.objects.public()
        return super().get_context_data(
            latest_dossiers=published.with_city()[: self.latest_count],
            dossier_count=published.count(),
            city_count=published.values("city").distinct().count(),
            # Drawn small, the whole map leads to /carte/.
            department_map=DepartmentMap(published, link=lambda **place: None, with_marks=False),
            **kwargs,
        )


class DossierListView(ListPaginationMixin, FilterView):
    filterset_class = DossierFilter
    paginate_by = 20
    template_name = "dossiers/dossier_list.html"

    def get_queryset(self):
        technologies = TechnologyUse.objects.current().select_related("technology")
        return (
            Dossier.objects.public()
            .with_city()
            .prefetch_related(
                Prefetch("technology_uses", queryset=technologies, to_attr="listed_technologies")
            )
        )


class DossierDetailView(DetailView):
    queryset = Dossier.objects.public().with_city()
    template_name = "dossiers/dossier_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        own_pending = None
        if user.is_authenticated:
            own_pending = (
                ChangeRequest.objects.pending().for_target(self.object).filter(author=user).first()
            )
        references = stored_references(self.object)
        last_revision = self.object.public_revisions().first()
        permalink = None
        if last_revision is not None:
            permalink = self.request.build_absolute_uri(
                reverse("dossiers:revision", args=[self.object.slug, last_revision.history_id])
            )
        return super().get_context_data(
            last_revision=last_revision,
            permalink=permalink,
            # The day the page was made; a cached copy is brought up to date in the
            # reader's browser (static/js/today.js).
            today=timezone.localdate(),
            references=references,
            sheet=build_sheet(self.object, references),
            document_requests=list(
                DocumentRequest.objects.public()
                .filter(links__dossier=self.object)
                .select_related("administration")
            ),
            own_pending_change=own_pending,
            **kwargs,
        )


def published_dossier(slug):
    """The published dossier at `slug`, with its city, or 404."""
    return get_object_or_404(Dossier.objects.public().with_city(), slug=slug)


class PublishedDossierMixin:
    """Views about one published dossier, found by the `slug` in the URL."""

    def dispatch(self, request, *args, **kwargs):
        self.dossier = published_dossier(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(dossier=self.dossier, **kwargs)
