from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts.ratelimit import limit_reached
from config.pagination import ListPaginationMixin
from review import actions
from review.diff import diff_fields
from review.forms import DecisionForm, RestoreForm
from review.models import ChangeRequest, ModerationAction
from review.permissions import (
    MODERATORS_ONLY,
    edit_refusal,
    is_moderator,
    publishes_directly,
    require_moderator,
)
from review.registry import reviewed_type

ALREADY_DECIDED = gettext_lazy("Cette proposition a déjà été traitée.")


class ReviewedEditView(LoginRequiredMixin, View):
    """Create or edit a reviewed record: preview, then publish at once or propose.

    Subclasses say which record (`get_record`, None for a creation) and where to go.
    Trusted contributors and moderators publish; everyone else proposes a change.
    """

    form_class = None
    template_name = None
    change = None

    def get_record(self):
        return None

    def get_initial(self):
        return {"base_version": self.record.version} if self.record else {}

    def redirect_elsewhere(self):
        """A response that replaces the form (once the record is known), or None."""
        return None

    def refusal_target(self):
        """What the user must be allowed to edit: the record (None for a creation)."""
        return self.record

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.record = self.get_record()
        refusal = edit_refusal(request.user, self.refusal_target())
        if refusal:
            raise PermissionDenied(refusal)
        return self.redirect_elsewhere() or super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None, files=None, *, instance=None, **kwargs):
        return self.form_class(data, files, instance=instance, user=self.request.user, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(self.make_form(instance=self.record, initial=self.get_initial()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES, instance=self.record)
        previewing = "preview" in request.POST
        if not form.is_valid():
            return self.render(form, preview=previewing and form.can_preview())
        if previewing:
            return self.render(form, preview=True)
        if not is_moderator(request.user) and limit_reached("edit", request.user.pk):
            form.add_error(
                None,
                _(
                    "Vous avez enregistré beaucoup de modifications en peu de temps. "
                    "Patientez un peu avant d’enregistrer celle-ci : votre texte est conservé "
                    "ci-dessous."
                ),
            )
            return self.render(form, status=429)
        summary, base_version = form.cleaned_data["edit_summary"], form.cleaned_data["base_version"]
        try:
            if publishes_directly(request.user) and self.change is None:
                record = actions.publish(
                    form, user=request.user, summary=summary, base_version=base_version
                )
                messages.success(request, _("Votre modification est publiée."))
                return redirect(record)
            change = actions.propose(
                form,
                user=request.user,
                summary=summary,
                base_version=base_version,
                change=self.change,
            )
        except actions.EditConflict as conflict:
            return self.render_conflict(form, conflict.current)
        except actions.AlreadyDecided:
            messages.error(request, ALREADY_DECIDED)
            return redirect(self.change)
        messages.success(
            request,
            _("Votre proposition est enregistrée. Elle sera publiée après relecture."),
        )
        return redirect(change)

    def render(self, form, *, status=200, **context):
        if context.get("preview"):
            context.update(preview_record=form.instance, **form.preview_context())
        context["preview_template"] = reviewed_type(form._meta.model).preview_template
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "record": self.record, "change": self.change, **context},
            status=status,
        )

    def render_conflict(self, form, current):
        """Someone published meanwhile: show what differs, keep the user's text."""
        kind = reviewed_type(form._meta.model)
        data = form.data.copy()
        data["base_version"] = current.version
        return self.render(
            self.make_form(data, instance=current),
            status=409,
            conflict=current,
            conflict_diff=diff_fields(
                kind.fields, kind.display_values(current), kind.display_values(form.instance)
            ),
        )


def visible_change(request, pk):
    """A change request its author or a moderator may see; 404 for everyone else."""
    change = get_object_or_404(ChangeRequest.objects.with_people(), pk=pk)
    if not request.user.is_authenticated:
        raise Http404
    if change.author_id != request.user.pk and not is_moderator(request.user):
        raise Http404
    return change


class ChangeEditView(ReviewedEditView):
    """Rework a pending proposal, which also brings it up to date with its record."""

    template_name = "review/change_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.change = visible_change(request, kwargs["pk"])
        if not self.change.is_pending:
            raise PermissionDenied(ALREADY_DECIDED)
        self.form_class = self.change.reviewed_type.form_class
        return super().dispatch(request, *args, **kwargs)

    def get_record(self):
        record = self.change.load_target()
        # Before any form is bound to the record, which would change it in place.
        self.outdated_diff = outdated_diff(self.change, record)
        return record

    def get_initial(self):
        return {
            **self.change.proposed,
            "edit_summary": self.change.summary,
            "base_version": self.record.version if self.record else None,
        }

    def render(self, form, **kwargs):
        return super().render(form, outdated_diff=self.outdated_diff, **kwargs)


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
        change = visible_change(request, pk)
        return TemplateResponse(request, self.template_name, change_context(request, change))


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
    return {
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
        "is_moderator": moderator,
        "can_update": change.is_pending and (moderator or change.author_id == request.user.pk),
        "approve_form": extra.pop("approve_form", None) or DecisionForm(reason_required=False),
        "reject_form": extra.pop("reject_form", None) or DecisionForm(),
        **extra,
    }


def _raw_values(change, kind):
    return {name: str(change.proposed.get(name, "")) for name, _label in kind.fields}


@require_POST
def approve_change(request, pk):
    change = visible_change(request, pk)
    require_moderator(request.user)
    form = DecisionForm(request.POST, reason_required=False)
    if form.is_valid():
        try:
            record = actions.approve(
                change, moderator=request.user, note=form.cleaned_data["reason"]
            )
        except actions.EditConflict:
            messages.error(
                request,
                _(
                    "Le dossier a changé depuis cette proposition : elle doit être mise "
                    "à jour avant d’être acceptée."
                ),
            )
        except actions.ProposalInvalid:
            messages.error(
                request,
                _(
                    "Cette proposition ne passe plus la validation : "
                    "mettez-la à jour ou refusez-la."
                ),
            )
        except actions.AlreadyDecided:
            messages.error(request, ALREADY_DECIDED)
        else:
            messages.success(request, _("Proposition acceptée et publiée."))
            return redirect(record)
        return redirect(change)
    return TemplateResponse(
        request,
        ChangeDetailView.template_name,
        change_context(request, change, approve_form=form),
        status=400,
    )


@require_POST
def reject_change(request, pk):
    change = visible_change(request, pk)
    require_moderator(request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            ChangeDetailView.template_name,
            change_context(request, change, reject_form=form),
            status=400,
        )
    try:
        actions.reject(change, moderator=request.user, reason=form.cleaned_data["reason"])
    except actions.AlreadyDecided:
        messages.error(request, ALREADY_DECIDED)
        return redirect(change)
    messages.success(request, _("Proposition refusée ; son auteur verra le motif."))
    return redirect("review:queue")


@require_POST
def withdraw_change(request, pk):
    change = visible_change(request, pk)
    if change.author_id != request.user.pk:
        raise PermissionDenied(_("Seul l’auteur peut retirer sa proposition."))
    try:
        actions.withdraw(change, user=request.user)
    except actions.AlreadyDecided:
        messages.error(request, ALREADY_DECIDED)
    else:
        messages.success(request, _("Proposition retirée."))
    return redirect(change)


class ModeratorRequiredMixin(UserPassesTestMixin):
    """Anonymous visitors are sent to log in; signed-in non-moderators get a 403."""

    permission_denied_message = MODERATORS_ONLY

    def test_func(self):
        return is_moderator(self.request.user)


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


class ContributionsView(LoginRequiredMixin, ListPaginationMixin, ListView):
    """The signed-in user's proposals, in every state, newest first."""

    template_name = "review/contributions.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return (
            ChangeRequest.objects.filter(author=self.request.user)
            .select_related("content_type", "decided_by")
            .order_by("-created_at", "-id")
        )


def restore_from_post(request, revision, record, *, back_url):
    """Handle a « Restaurer » form: who may, which version, then one new revision."""
    if not publishes_directly(request.user):
        raise PermissionDenied(
            _("Seuls les contributeurs de confiance et la modération restaurent.")
        )
    refusal = edit_refusal(request.user, record)
    if refusal:
        raise PermissionDenied(refusal)
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
    except actions.ProposalInvalid as invalid:
        errors = " ".join(m for field_errors in invalid.form.errors.values() for m in field_errors)
        messages.error(
            request,
            _("Cette révision ne peut pas être restaurée : %(errors)s") % {"errors": errors},
        )
        return redirect(back_url)
    messages.success(
        request, _("La révision n° %(version)s est restaurée.") % {"version": revision.version}
    )
    return redirect(restored)


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
