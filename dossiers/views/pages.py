from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from cities.models import City, Department, Region
from core.cache_tags import Computed, depends_on, part_tag, record_tag
from core.page_cache import kept_value, rebuilt_alone
from core.pagination import ListPaginationMixin
from dossiers.citations import stored_numbers, stored_references
from dossiers.filters import DossierFilter
from dossiers.maps import DepartmentMap
from dossiers.models import (
    Actor,
    ActorRole,
    Citation,
    DocumentRequest,
    Dossier,
    Event,
    Figure,
    FundingLine,
    RequestCitation,
    RequestedFor,
    TechnologyUse,
)
from dossiers.models.sheet import REFERENCES_PART, REQUESTS_PART
from dossiers.sheet import DossierSheet
from review.models import ChangeRequest
from sources.models import Document, Source


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
    # What the page reads of these tables is the dossier, what belongs to it (rows,
    # citations and links name it as their parent) and the records these load: a
    # change elsewhere in these tables leaves the page kept (core.page_cache).
    cache_covers = (
        Dossier,
        Dossier.history.model,
        TechnologyUse,
        Figure,
        Event,
        FundingLine,
        Actor,
        ActorRole,
        Citation,
        RequestCitation,
        RequestedFor,
        DocumentRequest,
        Source,
        Document,
        City,
        Department,
        Region,
        get_user_model(),
    )

    def get_context_data(self, **kwargs):
        user = self.request.user
        own_pending = None
        if user.is_authenticated:
            own_pending = (
                ChangeRequest.objects.pending().for_target(self.object).filter(author=user).first()
            )
        dossier = self.object
        # Each part is read at its first use, and only if a kept part of the page
        # (templates/dossiers/dossier_detail.html) has to be built: a dossier page
        # after an edit of a row reads the sheet again, not its references.
        references = Computed(
            lambda: stored_references(dossier), [part_tag(Dossier, dossier.pk, REFERENCES_PART)]
        )
        last_revision = Computed(lambda: dossier.public_revisions().first())
        return super().get_context_data(
            last_revision=last_revision,
            permalink=Computed(lambda: self.permalink(last_revision())),
            # The day the page was made; a cached copy is brought up to date in the
            # reader's browser (static/js/today.js).
            today=timezone.localdate(),
            references=references,
            sheet=published_sheet(dossier, lambda: sheet_dossier(dossier.pk, dossier)),
            document_requests=Computed(
                lambda: list(
                    DocumentRequest.objects.public()
                    .filter(links__dossier=dossier)
                    .select_related("administration")
                ),
                [part_tag(Dossier, dossier.pk, REQUESTS_PART)],
            ),
            own_pending_change=own_pending,
            **kwargs,
        )

    def permalink(self, revision):
        if revision is None:
            return None
        return self.request.build_absolute_uri(
            reverse("dossiers:revision", args=[self.object.slug, revision.history_id])
        )


def published_sheet(dossier, shown=None):
    """The sheet of a published dossier, the numbers of its references kept."""
    return DossierSheet(dossier, Computed(lambda: kept_numbers(dossier)), shown)


def kept_numbers(dossier):
    """citations.stored_numbers(), which each section of the sheet built again reads,
    kept until the dossier's reference list changes (or a request it cites)."""
    references = part_tag(Dossier, dossier.pk, REFERENCES_PART)

    def compute():
        depends_on(references)
        return stored_numbers(dossier)

    return kept_value("reference-numbers", dossier.pk, compute)


# What the sections of a dossier's sheet show of it: its address, its commune's name
# and population.
SHEET_DOSSIER_FIELDS = ("id", "slug", "city_id")
SHEET_CITY_FIELDS = ("id", "name", "population")


def sheet_dossier(pk, loaded=None):
    """What the sections of the published dossier `pk` show of it, or None; kept, so
    that a section built again after an edit of one of its rows reads only its rows.
    `loaded`: the dossier (published, with its commune) of the page being built, which
    keeps it without a query. The sections the page builds read it too: a section
    then depends on its dossier's address and commune (a section built with the page's
    dossier did not, and showed a commune's former population)."""

    def copy():
        light = partial_copy(loaded, SHEET_DOSSIER_FIELDS)
        light.city = partial_copy(loaded.city, SHEET_CITY_FIELDS)
        return light

    return kept_value("sheet-dossier", pk, copy if loaded else lambda: read_sheet_dossier(pk))


def read_sheet_dossier(pk):
    dossiers = Dossier.objects.public().select_related("city")
    fields = (*SHEET_DOSSIER_FIELDS[:2], *(f"city__{name}" for name in SHEET_CITY_FIELDS))
    return dossiers.only(*fields).filter(pk=pk).first()


def partial_copy(instance, names):
    """`instance` as a query of its fields `names` alone would load it (the others
    deferred), without the query."""
    fields = [field.attname for field in type(instance)._meta.concrete_fields]
    names = [name for name in fields if name in names]  # from_db() takes them in order
    values = [getattr(instance, name) for name in names]
    return type(instance).from_db(instance._state.db, names, values)


@rebuilt_alone(*DossierSheet.PART_TEMPLATES)
def sheet_section(name, dossier_tag, signed_in):
    """A section of a published dossier's sheet as an anonymous reader's page shows
    it (templates/dossiers/_sheet.html), without the page."""
    if signed_in:
        return None
    pk = dossier_tag.rpartition(":")[2]
    if not pk.isdigit() or record_tag(Dossier, pk) != dossier_tag:
        return None
    dossier = sheet_dossier(int(pk))
    if dossier is None:
        return None
    context = {"dossier": dossier, "sheet": published_sheet(dossier), "user": AnonymousUser()}
    return render_to_string(DossierSheet.PART_TEMPLATES[name], context)


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
