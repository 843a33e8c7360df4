from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers.filters import ActorFilter
from dossiers.forms import ActorForm
from dossiers.models import Actor, FundingLine
from dossiers.models.sheet import SheetRowQuerySet
from review.editing import ReviewedEditView
from sources.models import Source


class ActorListView(ListPaginationMixin, FilterView):
    filterset_class = ActorFilter
    paginate_by = 50
    template_name = "actors/actor_list.html"

    def get_queryset(self):
        shown_roles = SheetRowQuerySet.public_q("roles__")
        return (
            Actor.objects.public()
            .annotate(dossier_count=Count("roles__dossier", filter=shown_roles, distinct=True))
            .order_by(*Actor._meta.ordering)
        )


class ActorDetailView(DetailView):
    """An actor and every published dossier where it appears: roles, payments, sources."""

    queryset = Actor.objects.public()
    template_name = "actors/actor_detail.html"

    def get_context_data(self, **kwargs):
        actor = self.object
        roles = list(
            actor.roles.public()
            .select_related("dossier__city__department")
            .order_by("dossier__city__search_name", "dossier__title", "role")
        )
        funding_lines = list(
            FundingLine.objects.public()
            .filter(Q(payer=actor) | Q(recipient=actor))
            .select_related("dossier__city", "payer", "recipient")
            .order_by("start", "id")
        )
        rows = [actor, *roles, *funding_lines]
        keys = {key for row in rows for key in row.source_key_list}
        sources = {source.key: source for source in Source.objects.public().filter(key__in=keys)}
        for row in rows:
            row.sources = [sources[key] for key in row.source_key_list if key in sources]
        return super().get_context_data(
            roles=roles,
            funding_lines=funding_lines,
            city_count=len({role.dossier.city_id for role in roles}),
            last_revision=actor.public_revisions().first(),
            **kwargs,
        )


class ActorCreateView(ReviewedEditView):
    form_class = ActorForm


class ActorEditView(ReviewedEditView):
    form_class = ActorForm

    def get_record(self):
        return public_actor(self.kwargs["slug"])


def public_actor(slug):
    return get_object_or_404(Actor.objects.public().select_related("city__department"), slug=slug)
