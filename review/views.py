from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.pagination import ListPaginationMixin
from review import actions, panels
from review.changes import describe, revisions_by
from review.diff import diff_fields
from review.forms import DecisionForm
from review.messages import ALREADY_DECIDED, BUSY_DECISION, PROPOSAL_CHANGED
from review.models import ChangeRequest, ModerationAction
from review.permissions import (
    ModeratorRequiredMixin,
    get_change_for_author,
    get_change_for_moderator,
    get_change_for_user,
    is_moderator,
    require_signed_in,
)
from review.registry import reviewed_type


def outdated_diff(change, target):
    """What was published on `target` since the version `change` started from, or None.

    `target` must be as stored: a form bound to it would have changed it in place.
    """
    if target is None or target.version == change.base_version:
        return None
    kind = reviewed_type(target)
    base = target.history.filter(version=change.base_version).select_related(*kind.related).first()
    base_values = kind.display_values(base) if base else {}
    return diff_fields(kind.fields, base_values, kind.display_values(target))


class ChangeDetailView(View):
    template_name = "review/change_detail.html"

    def get(self, request, pk):
        change = get_change_for_user(request, pk)
        return render_change(request, change)


def change_context(request, change, **extra):
    kind = change.reviewed_type
    target = change.load_target()
    # Read the record as stored before the form below writes the proposal into it.
    outdated = outdated_diff(change, target) if change.is_pending else None
    old_values = kind.display_values(target) if target else {}
    target_label = str(target) if target else ""
    form = kind.form_class.for_proposal(
        change.proposed, instance=target, summary=change.summary, base_version=change.base_version
    )
    valid = form.is_valid()
    new_values = kind.display_values(form.instance) if valid else _raw_values(change, kind)
    moderator = is_moderator(request.user)
    context = {
        "change": change,
        "target": target,
        "target_label": target_label,
        "form": form,
        "proposal_valid": valid,
        "preview_record": form.instance if valid else None,
        "preview_template": kind.preview_template,
        **(form.preview_context() if valid else {}),
        "diff": diff_fields(kind.fields, old_values, new_values),
        "outdated_diff": outdated,
        "changed_notice": kind.changed_notice,
        "is_moderator": moderator,
        "can_update": change.is_pending and (moderator or change.author_id == request.user.pk),
        "approve_form": extra.pop("approve_form", None)
        or DecisionForm(reason_required=False, change=change),
        "reject_form": extra.pop("reject_form", None) or DecisionForm(change=change),
        **extra,
    }
    context["panels"] = panels.render_panels(request, change, context)
    return context


def _raw_values(change, kind):
    return {name: str(change.proposed.get(name, "")) for name, _label in kind.fields}


@require_POST
def approve_change(request, pk):
    change = get_change_for_moderator(request, pk)
    form = DecisionForm(request.POST, reason_required=False)
    if not form.is_valid():
        return render_change(request, change, status=400, approve_form=form)
    note = form.cleaned_data["reason"]
    try:
        record = actions.approve(
            change, moderator=request.user, revision=form.cleaned_data["revision"], note=note
        )
    except actions.ProposalChanged as changed:
        return render_changed_proposal(request, changed.change, "approve_form", note)
    except actions.EditConflict:
        messages.error(
            request,
            _(
                "Le contenu a changé depuis cette proposition : elle doit être mise "
                "à jour avant d’être acceptée."
            ),
        )
    except actions.ProposalInvalid:
        messages.error(
            request,
            _("Cette proposition ne passe plus la validation : mettez-la à jour ou refusez-la."),
        )
    except actions.AlreadyDecided:
        messages.error(request, ALREADY_DECIDED)
    except actions.Busy:
        messages.error(request, BUSY_DECISION)
    else:
        messages.success(request, _("Proposition acceptée et publiée."))
        return redirect(record)
    return redirect(change)


@require_POST
def reject_change(request, pk):
    change = get_change_for_moderator(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_change(request, change, status=400, reject_form=form)
    reason = form.cleaned_data["reason"]
    try:
        actions.reject(
            change, moderator=request.user, reason=reason, revision=form.cleaned_data["revision"]
        )
    except actions.ProposalChanged as changed:
        return render_changed_proposal(request, changed.change, "reject_form", reason)
    except actions.AlreadyDecided:
        messages.error(request, ALREADY_DECIDED)
        return redirect(change)
    except actions.Busy:
        messages.error(request, BUSY_DECISION)
        return redirect(change)
    messages.success(request, _("Proposition refusée ; son auteur verra le motif."))
    return redirect("review:queue")


def render_changed_proposal(request, change, form_name, reason):
    """The proposal as it is now, with the moderator's words kept in a decision form
    that names its new revision."""
    form = DecisionForm(
        reason_required=form_name == "reject_form",
        initial={"revision": change.revision, "reason": reason},
    )
    return render_change(
        request, change, status=409, decision_refused=PROPOSAL_CHANGED, **{form_name: form}
    )


def render_change(request, change, *, status=200, **extra):
    return TemplateResponse(
        request,
        ChangeDetailView.template_name,
        change_context(request, change, **extra),
        status=status,
    )


@require_POST
def withdraw_change(request, pk):
    change = get_change_for_author(request, pk)
    try:
        actions.withdraw(change, user=request.user)
    except actions.AlreadyDecided:
        messages.error(request, ALREADY_DECIDED)
    else:
        messages.success(request, _("Proposition retirée."))
    return redirect(change)


class ChangeQueueView(ModeratorRequiredMixin, ListPaginationMixin, ListView):
    """Pending proposals, oldest first: the moderators' work list."""

    template_name = "review/queue.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return (
            ChangeRequest.objects.pending()
            .select_related("author", "content_type")
            .prefetch_related("target")
        )


class ModerationLogView(ModeratorRequiredMixin, ListPaginationMixin, ListView):
    template_name = "review/log.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        actions_ = ModerationAction.objects.select_related("actor")
        kind = self.request.GET.get("action")
        if kind in ModerationAction.Kind.values:
            actions_ = actions_.filter(kind=kind)
        return actions_

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=ModerationAction.Kind.choices,
            current_kind=self.request.GET.get("action"),
            **kwargs,
        )


RECENT_REVISIONS = 10


class ContributionsView(ListPaginationMixin, ListView):
    """The signed-in user's proposals, in every state, newest first."""

    def dispatch(self, request, *args, **kwargs):
        require_signed_in(request)
        return super().dispatch(request, *args, **kwargs)

    template_name = "review/contributions.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return (
            ChangeRequest.objects.filter(author=self.request.user)
            .select_related("content_type", "decided_by")
            .order_by("-created_at", "-id")
        )

    def get_context_data(self, **kwargs):
        latest = revisions_by(self.request.user)[:RECENT_REVISIONS]
        return super().get_context_data(recent_revisions=describe(latest), **kwargs)
