"""The public history of every reviewed record: its revisions, one of them, two
compared, restore, and hiding a revision's content.

One set of views and templates serves every registered type. An app mounts them
with `history_urls(route, find_record, name_prefix=...)`, where `find_record(**url
kwargs)` returns the public record the URL names or raises Http404; what differs
between types (URL arguments, breadcrumbs, how a revision's content is shown) comes
from the type's hooks in `review.registry`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.cache_tags import covers
from core.pagination import ListPaginationMixin
from review import actions
from review.diff import diff_fields
from review.forms import RestoreForm
from review.messages import BUSY_DECISION
from review.permissions import (
    can_restore,
    get_revision_for_user,
    is_moderator,
    require_moderator,
    require_restorer,
)
from review.registry import reviewed_type


def history_url(record, name, *extra):
    kind = reviewed_type(record)
    return reverse(kind.url_namespace + name, args=[*kind.url_args(record), *extra])


class RecordMixin:
    """Set `self.record` (from `find_record(**url kwargs)`) and its type first."""

    find_record = None  # set by history_urls()

    def dispatch(self, request, *args, **kwargs):
        record_kwargs = {name: value for name, value in kwargs.items() if name != "revision_id"}
        self.record = self.find_record(**record_kwargs)
        self.kind = reviewed_type(self.record)
        # These pages read the record, its revisions (each names the record as its
        # parent) and their authors, and nothing else of these tables: a change to
        # another record leaves them kept (core.cache_tags).
        covers(self.kind.model, self.kind.model.history.model, get_user_model())
        return super().dispatch(request, *args, **kwargs)

    def get_revision(self, history_id):
        return get_revision_for_user(self.request, self.record, history_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.record,
            trail=self.kind.trail(self.record),
            history_url=history_url(self.record, "history"),
            **kwargs,
        )


class HistoryView(RecordMixin, ListPaginationMixin, ListView):
    paginate_by = 50
    template_name = "review/history.html"
    context_object_name = "revisions"

    def get_queryset(self):
        return (
            self.record.public_revisions()
            .defer(*self.kind.measured_fields())
            .annotate(content_size=self.kind.size_expression())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            compare_url=history_url(self.record, "compare"),
            can_see_hidden=is_moderator(self.request.user),
            **kwargs,
        )
        page = context["page_obj"]
        start = (page.number - 1) * page.paginator.per_page
        context["revisions"] = RevisionsWithSizes(self.object_list, start, page.paginator.per_page)
        return context


class RevisionsWithSizes:
    """A page of revisions, each given `size_change` and `previous_id` (the revision
    it changed), read when first iterated, so that a page served from the fragment
    cache queries nothing. One query reads the page and the row just below it, which
    the page's last row changed."""

    def __init__(self, revisions, start, count):
        self.revisions, self.start, self.count = revisions, start, count

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @cached_property
    def rows(self):
        read = list(self.revisions[self.start : self.start + self.count + 1])
        revisions, older = read[: self.count], read[self.count :]
        for revision, previous in zip(revisions, [*revisions[1:], *older, None], strict=False):
            revision.previous_id = previous.history_id if previous else None
            revision.size_change = revision.content_size - (
                previous.content_size if previous else 0
            )
        return revisions


class RevisionView(RecordMixin, TemplateView):
    template_name = "review/revision.html"

    def get_context_data(self, **kwargs):
        revision = self.get_revision(self.kwargs["revision_id"])
        shown = record_as_of(revision)
        is_current = revision.version == self.record.version
        user = self.request.user
        content = self.kind.revision_context(revision, shown) if revision.content_visible else {}
        return super().get_context_data(
            revision=revision,
            shown=shown,
            preview_template=self.kind.preview_template,
            revision_template=self.kind.revision_template,
            is_current=is_current,
            current_notice=self.kind.current_notice,
            can_restore=not is_current and can_restore(user, self.record),
            can_hide=not is_current and is_moderator(user),
            restore_url=history_url(self.record, "restore", revision.history_id),
            hide_url=history_url(
                self.record, "unhide" if revision.is_hidden else "hide", revision.history_id
            ),
            **content,
            **kwargs,
        )


def record_as_of(revision):
    """The record as `revision` saved it. Unlike `revision.instance`, it does not read
    the fields history leaves out (derived HTML, protection) from the live row."""
    model = revision.instance_type
    return model(
        **{
            field.attname: getattr(revision, field.attname)
            for field in model._meta.concrete_fields
            if hasattr(revision, field.attname)
        }
    )


class CompareView(RecordMixin, TemplateView):
    """Two published revisions, field by field and word by word: ?de=<id>&a=<id>."""

    cache_params = ("de", "a")

    template_name = "review/compare.html"

    def get_context_data(self, **kwargs):
        old, new = revisions_to_compare(self.request, self.get_revision)
        old.url = history_url(self.record, "revision", old.history_id)
        new.url = history_url(self.record, "revision", new.history_id)
        visible = old.content_visible and new.content_visible
        diff = None
        if visible:
            kind = self.kind
            diff = diff_fields(kind.fields, kind.display_values(old), kind.display_values(new))
        return super().get_context_data(old=old, new=new, diff=diff, **kwargs)


def revisions_to_compare(request, get_revision):
    """The two revisions named by ?de=<id>&a=<id>, oldest first; 404 if either is missing."""
    try:
        ids = [int(request.GET[name]) for name in ("de", "a")]
    except (KeyError, ValueError):
        raise Http404(_("Choisissez deux révisions à comparer.")) from None
    return sorted(
        (get_revision(history_id) for history_id in ids),
        key=lambda revision: (revision.history_date, revision.history_id),
    )


class RestoreView(RecordMixin, View):
    """Publish a past revision's content again, as a new revision (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        revision = self.get_revision(kwargs["revision_id"])
        back_url = history_url(self.record, "revision", revision.history_id)
        if not revision.content_visible:
            raise Http404
        require_restorer(request, self.record)
        form = RestoreForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("La demande de restauration est incomplète ; recommencez."))
            return redirect(back_url)
        try:
            restored = actions.restore(
                revision,
                user=request.user,
                base_version=form.cleaned_data["base_version"],
                note=form.cleaned_data["note"],
            )
        except actions.EditConflict:
            messages.error(
                request,
                _(
                    "Le contenu a été modifié depuis que vous avez ouvert cette page. "
                    "Vérifiez sa version actuelle avant de restaurer."
                ),
            )
            return redirect(back_url)
        except actions.Busy:
            messages.error(request, BUSY_DECISION)
            return redirect(back_url)
        except actions.ProposalInvalid as invalid:
            errors = " ".join(
                message for field_errors in invalid.form.errors.values() for message in field_errors
            )
            messages.error(
                request,
                _("Cette révision ne peut pas être restaurée : %(errors)s") % {"errors": errors},
            )
            return redirect(back_url)
        messages.success(
            request,
            _("La révision n° %(version)s est restaurée.") % {"version": revision.version},
        )
        return redirect(restored)


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motif du masquage"), max_length=300)


class HideView(RecordMixin, View):
    """Hide a past revision's content and summary from the public, or show it again."""

    http_method_names = ["post"]
    hidden = True

    def post(self, request, *args, **kwargs):
        revision = self.get_revision(kwargs["revision_id"])
        require_moderator(request)
        back_url = history_url(self.record, "revision", revision.history_id)
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez un motif : il figurera au journal de modération."))
            return redirect(back_url)
        if self.hidden and revision.version == self.record.version:
            messages.error(
                request,
                _(
                    "La version actuelle ne peut pas être masquée : restaurez d’abord une "
                    "autre révision, puis masquez celle-ci."
                ),
            )
            return redirect(back_url)
        label = _("%(title)s, révision n° %(version)s") % {
            "title": self.kind.label(self.record),
            "version": revision.version,
        }
        actions.set_hidden(
            revision,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            hidden=self.hidden,
            record=self.record,
            label=label,
        )
        messages.success(
            request, _("Révision masquée.") if self.hidden else _("Révision de nouveau visible.")
        )
        return redirect(back_url)


# Under a record's history: its revisions at "<history_id>/", comparisons here.
COMPARE = "comparer/"


def history_urls(route, find_record, *, name_prefix=""):
    """URL patterns of a record's history under `route` (ending in "/" or empty).

    `find_record(**url kwargs)` returns the public record the URL names, or raises
    Http404. The names are `name_prefix` + history, compare, revision, restore, hide
    and unhide: the registered type's `url_namespace` is the app's namespace and
    this prefix.
    """

    def view(view_class, **attributes):
        return view_class.as_view(find_record=find_record, **attributes)

    route = f"{route}historique/"
    revision = f"{route}<int:revision_id>/"
    return [
        path(route, view(HistoryView), name=f"{name_prefix}history"),
        path(f"{route}{COMPARE}", view(CompareView), name=f"{name_prefix}compare"),
        path(revision, view(RevisionView), name=f"{name_prefix}revision"),
        path(f"{revision}restaurer/", view(RestoreView), name=f"{name_prefix}restore"),
        path(f"{revision}masquer/", view(HideView, hidden=True), name=f"{name_prefix}hide"),
        path(f"{revision}afficher/", view(HideView, hidden=False), name=f"{name_prefix}unhide"),
    ]
