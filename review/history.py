"""Public history of a reviewed record: its revisions, one of them, two compared, restore.

Dossiers have their own history pages (text diffs, hidden revisions); every other
reviewed record (sources, actors, the rows of a dossier's sheet) uses these views.
A concrete view adds a mixin that sets `self.record` from the URL and `get_trail()`,
and the record's model names its URLs: `history_url_prefix` + "history", "revision",
"compare", "restore", with `history_url_args` before the revision id.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import ListView, TemplateView

from core.pagination import ListPaginationMixin
from review.diff import diff_fields
from review.permissions import edit_refusal, is_moderator, publishes_directly
from review.registry import reviewed_type
from review.views import restore_from_post, revisions_to_compare


def history_url(record, name, *extra):
    return reverse(record.history_url_prefix + name, args=[*record.history_url_args, *extra])


def readable_record_revision(request, record, history_id):
    """A revision of `record` the requester may read, or 404."""
    revision = get_object_or_404(record.public_revisions(), history_id=history_id)
    if revision.is_hidden and not is_moderator(request.user):
        raise Http404
    return revision


def sources_of(record):
    """The reference list of the sources a record cites, if it cites any."""
    from sources.citations import references

    keys = getattr(record, "source_key_list", None)
    return references(keys) if keys else []


class RecordMixin:
    """Set `self.record` (from `get_record()`) before anything else runs."""

    def dispatch(self, request, *args, **kwargs):
        self.record = self.get_record()
        return super().dispatch(request, *args, **kwargs)

    def get_record(self):
        raise NotImplementedError

    def get_trail(self):
        """(label, url) pairs leading to the record, for the breadcrumbs."""
        return [(str(self.record), self.record.get_absolute_url())]

    def get_revision(self, history_id):
        return readable_record_revision(self.request, self.record, history_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.record,
            trail=self.get_trail(),
            history_url=history_url(self.record, "history"),
            **kwargs,
        )


class RecordHistoryView(RecordMixin, ListPaginationMixin, ListView):
    paginate_by = 50
    template_name = "review/record_history.html"
    context_object_name = "revisions"

    def get_queryset(self):
        return self.record.public_revisions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            compare_url=history_url(self.record, "compare"), **kwargs
        )
        for revision in context["revisions"]:
            revision.url = history_url(self.record, "revision", revision.history_id)
        return context


class RecordRevisionView(RecordMixin, TemplateView):
    template_name = "review/record_revision.html"

    def get_context_data(self, **kwargs):
        revision = self.get_revision(self.kwargs["revision_id"])
        kind = reviewed_type(self.record)
        shown = revision.instance
        is_current = revision.version == self.record.version
        user = self.request.user
        return super().get_context_data(
            revision=revision,
            shown=shown,
            values=diff_fields(kind.fields, {}, kind.display_values(revision)),
            preview_template=kind.preview_template,
            record_sources=sources_of(shown),
            is_current=is_current,
            can_restore=not is_current
            and publishes_directly(user)
            and edit_refusal(user, self.record) is None,
            restore_url=history_url(self.record, "restore", revision.history_id),
            **kwargs,
        )


class RecordCompareView(RecordMixin, TemplateView):
    """Two revisions of a record, field by field: ?de=<id>&a=<id>."""

    template_name = "review/record_compare.html"

    def get_context_data(self, **kwargs):
        old, new = revisions_to_compare(self.request, self.get_revision)
        old.url = history_url(self.record, "revision", old.history_id)
        new.url = history_url(self.record, "revision", new.history_id)
        kind = reviewed_type(self.record)
        return super().get_context_data(
            old=old,
            new=new,
            diff=diff_fields(kind.fields, kind.display_values(old), kind.display_values(new)),
            **kwargs,
        )


class RecordRestoreView(RecordMixin, View):
    """Publish a past revision's content again, as a new revision (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        revision = self.get_revision(kwargs["revision_id"])
        back_url = history_url(self.record, "revision", revision.history_id)
        return restore_from_post(request, revision, self.record, back_url=back_url)


def history_urls(route, views, *, name_prefix=""):
    """URL patterns of a record's history under `route` (ending in "/" or empty).

    `views` are the record's history, comparison, revision and restore views.
    """
    history, compare, revision, restore = (view.as_view() for view in views)
    route = f"{route}historique/"
    return [
        path(route, history, name=f"{name_prefix}history"),
        path(f"{route}comparer/", compare, name=f"{name_prefix}compare"),
        path(f"{route}<int:revision_id>/", revision, name=f"{name_prefix}revision"),
        path(f"{route}<int:revision_id>/restaurer/", restore, name=f"{name_prefix}restore"),
    ]
