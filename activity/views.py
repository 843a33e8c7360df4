from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView

from activity.filters import ChangeFilter, ProposalFilter
from core.pagination import ListPaginationMixin, UncountedListMixin
from review.changes import describe
from review.models import ChangeRequest
from review.permissions import ModeratorRequiredMixin, is_moderator


def with_places(changes):
    """Give each Change the commune its record belongs to (None for a source)."""
    for change in changes:
        change.city = change.kind.owner(change.record, "city")
    return changes


class FilteredChangesMixin:
    """The published changes the query string's filters select (none if they are
    invalid: the form then says why, and keeps what was typed)."""

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = ChangeFilter(self.request.GET or None)
        return self.filterset

    def filtered_changes(self):
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            return []
        return filterset.qs


class RecentChangesView(FilteredChangesMixin, UncountedListMixin, ListView):
    """Every published change, of every type of record, newest first."""

    template_name = "activity/recent_changes.html"
    paginate_by = 50
    cache_params = (ChangeFilter, "page")
    context_object_name = "changes"

    def get_queryset(self):
        return self.filtered_changes()

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        context = super().get_context_data(filter=filterset, **kwargs)
        rows = context["changes"]
        # Read when the template first needs them: a cached page fragment needs none.
        context["changes"] = SimpleLazyObject(
            lambda: with_places(describe(rows, sizes=True, authors=True))
        )
        query = self.filters_in_use().urlencode()
        feed_url = reverse("activity:feed")
        context["feed_url"] = f"{feed_url}?{query}" if query else feed_url
        context["filter_description"] = filterset.description()
        context["can_patrol"] = is_moderator(self.request.user)
        return context


class PatrolView(ModeratorRequiredMixin, ListPaginationMixin, ListView):
    """Moderators' patrol: proposals with the filters of recent changes, the ones
    waiting for review oldest first, or the decided ones."""

    template_name = "activity/patrol.html"
    paginate_by = 50
    context_object_name = "proposals"

    def get_queryset(self):
        # Always bound: with no filter, it still selects the pending proposals.
        self.filterset = ProposalFilter(self.request.GET)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return ChangeRequest.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            # Proposals are not published content: never kept for others.
            keep_fragments=False,
            showing_decided=self.filterset.is_bound
            and self.filterset.is_valid()
            and self.filterset.form.cleaned_data["state"] == ProposalFilter.DECIDED,
            **kwargs,
        )
