from django import forms
from django.contrib import messages
from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from core.pagination import ListPaginationMixin
from dossiers.models import Dossier, revision_rendering
from dossiers.rendering import RenderError
from dossiers.views.pages import PublishedDossierMixin, published_dossier
from review import actions
from review.diff import diff_fields
from review.permissions import edit_refusal, is_moderator, publishes_directly, require_moderator
from review.registry import reviewed_type
from review.views import restore_from_post, revisions_to_compare
from sources.citations import references


class DossierHistoryView(PublishedDossierMixin, ListPaginationMixin, ListView):
    paginate_by = 50
    template_name = "dossiers/dossier_history.html"
    context_object_name = "revisions"

    def get_queryset(self):
        return (
            self.dossier.public_revisions()
            .defer("body", "summary")
            .annotate(body_length=Length("body"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = RevisionsWithSizes(context["revisions"], self.get_queryset())
        context["can_see_hidden"] = is_moderator(self.request.user)
        return context


class RevisionsWithSizes:
    """A page of revisions, each given `size_change` and `previous_id` (the revision
    it changed) when first read, so a page served from the fragment cache queries
    nothing for them."""

    def __init__(self, page_revisions, all_revisions):
        self.page_revisions = page_revisions
        self.all_revisions = all_revisions

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @cached_property
    def rows(self):
        revisions = list(self.page_revisions)
        if not revisions:
            return revisions
        oldest = revisions[-1]
        # The row just below this page, for the size change of the page's last row.
        older = self.all_revisions.filter(
            Q(history_date__lt=oldest.history_date)
            | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
        ).first()
        for revision, previous in zip(revisions, [*revisions[1:], older], strict=True):
            revision.previous_id = previous.history_id if previous else None
            revision.size_change = revision.body_length - (previous.body_length if previous else 0)
        return revisions


def find_revision(request, dossier, history_id):
    """A published revision of `dossier`, or 404. `content_visible` says whether
    the requester may read it: a hidden revision's content is for moderators only."""
    revision = get_object_or_404(
        dossier.public_revisions().select_related("city__department", "hidden_by"),
        history_id=history_id,
    )
    revision.content_visible = not revision.is_hidden or is_moderator(request.user)
    return revision


def readable_revision(request, dossier, history_id):
    """A published revision whose content the requester may read, or 404."""
    revision = find_revision(request, dossier, history_id)
    if not revision.content_visible:
        raise Http404
    return revision


class RevisionMixin(PublishedDossierMixin):
    def get_revision(self, history_id):
        return find_revision(self.request, self.dossier, history_id)


class DossierRevisionView(RevisionMixin, DetailView):
    template_name = "dossiers/dossier_revision.html"
    context_object_name = "revision"

    def get_object(self, queryset=None):
        return self.get_revision(self.kwargs["revision_id"])

    def get_context_data(self, **kwargs):
        body_html, render_error, reference_list = None, None, []
        if self.object.content_visible:
            try:
                rendering = revision_rendering(self.object)
            except RenderError as error:
                render_error = error.message
            else:
                body_html = rendering.html
                reference_list = references(rendering.citation_keys)
        is_current = self.object.version == self.dossier.version
        user = self.request.user
        return super().get_context_data(
            body_html=body_html,
            render_error=render_error,
            references=reference_list,
            is_current=is_current,
            can_restore=not is_current
            and publishes_directly(user)
            and edit_refusal(user, self.dossier) is None,
            can_hide=not is_current and is_moderator(user),
            **kwargs,
        )


class DossierCompareView(RevisionMixin, TemplateView):
    """Two published revisions side by side, word by word: ?de=<id>&a=<id>."""

    template_name = "dossiers/dossier_compare.html"

    def get_context_data(self, **kwargs):
        old, new = revisions_to_compare(self.request, self.get_revision)
        kind = reviewed_type(Dossier)
        visible = old.content_visible and new.content_visible
        return super().get_context_data(
            old=old,
            new=new,
            diff=diff_fields(kind.fields, kind.display_values(old), kind.display_values(new))
            if visible
            else None,
            **kwargs,
        )


@require_POST
def restore_revision(request, slug, revision_id):
    dossier = published_dossier(slug)
    revision = readable_revision(request, dossier, revision_id)
    back_url = reverse("dossiers:revision", args=[slug, revision_id])
    return restore_from_post(request, revision, dossier, back_url=back_url)


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motif du masquage"), max_length=300)


@require_POST
def hide_revision(request, slug, revision_id):
    return _set_hidden(request, slug, revision_id, hidden=True)


@require_POST
def unhide_revision(request, slug, revision_id):
    return _set_hidden(request, slug, revision_id, hidden=False)


def _set_hidden(request, slug, revision_id, *, hidden):
    dossier = published_dossier(slug)
    revision = readable_revision(request, dossier, revision_id)
    require_moderator(request.user)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez un motif : il figurera au journal de modération."))
        return redirect("dossiers:revision", slug, revision_id)
    if hidden and revision.version == dossier.version:
        messages.error(
            request,
            _(
                "La version actuelle ne peut pas être masquée : restaurez d’abord une "
                "autre révision, puis masquez celle-ci."
            ),
        )
        return redirect("dossiers:revision", slug, revision_id)
    reason = form.cleaned_data["reason"]
    label = _("%(title)s, révision n° %(version)s") % {
        "title": dossier.title,
        "version": revision.version,
    }
    actions.set_hidden(
        revision, moderator=request.user, reason=reason, hidden=hidden, record=dossier, label=label
    )
    messages.success(
        request, _("Révision masquée.") if hidden else _("Révision de nouveau visible.")
    )
    return redirect("dossiers:revision", slug, revision_id)
