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

from accounts.ratelimit import attempts_over, limit_reached
from config.pagination import ListPaginationMixin
from review import actions, throttle
from review.diff import diff_fields
from review.forms import DecisionForm, RestoreForm
from review.merge import folded, merge_value
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
BUSY = gettext_lazy(
    "Le site a reçu au même instant une autre modification de ce contenu et n’a pas pu "
    "enregistrer la vôtre. Rien n’a été perdu : votre texte est ci-dessous, enregistrez-le "
    "de nouveau."
)
BUSY_DECISION = gettext_lazy(
    "Le site a reçu au même instant une autre action sur cette proposition : rien n’a été "
    "décidé. Rechargez la page et recommencez."
)
PROPOSAL_CHANGED = gettext_lazy(
    "La proposition a été modifiée pendant votre relecture : rien n’a été publié. "
    "Relisez sa nouvelle version ci-dessous avant de décider."
)


# How many attempts a text whose rendering was refused counts for: the whole burst.
REFUSED_RENDER_COST = 5


def edit_limit_reached(user):
    """Count one save or preview of `user`; True past the burst or the hourly limit.

    A request already over a limit is refused after a single read, and not counted:
    a flood costs as little as possible.
    """
    if attempts_over("edit-burst", user.pk) or attempts_over("edit", user.pk):
        return True
    over_burst = limit_reached("edit-burst", user.pk)
    over_hour = limit_reached("edit", user.pk)
    return over_burst or over_hour


def decided_message(change):
    """Why a decided proposal can no longer be updated, for its author."""
    return _(
        "Cette proposition a été %(state)s pendant que vous la modifiiez : elle ne peut plus "
        "changer. Votre texte est conservé ci-dessous ; copiez-le si vous voulez en faire "
        "une nouvelle proposition."
    ) % {"state": change.get_state_display()}


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
        # Checked before anything is validated: validating renders the text, and
        # previews cost as much as saves.
        if not is_moderator(request.user) and edit_limit_reached(request.user):
            return self.render_throttled()
        form = self.make_form(request.POST, request.FILES, instance=self.record)
        previewing = "preview" in request.POST
        if not form.is_valid():
            if form.refused_a_rendering() and not is_moderator(request.user):
                # Refused texts are what a flood sends: one uses up the burst allowance.
                limit_reached("edit-burst", request.user.pk, cost=REFUSED_RENDER_COST)
            return self.render(form, preview=previewing and form.can_preview())
        if previewing:
            return self.render(form, preview=True)
        return self.save(form)

    def save(self, form, *, merged=None):
        """Publish or propose `form`; `merged` is (the user's own form, the revision it
        was merged with) when `form` is the automatic merge of both edits."""
        request = self.request
        own_form = merged[0] if merged else form
        summary, base_version = form.cleaned_data["edit_summary"], form.cleaned_data["base_version"]
        try:
            if publishes_directly(request.user) and self.change is None:
                record = actions.publish(
                    form, user=request.user, summary=summary, base_version=base_version
                )
                messages.success(request, _("Votre modification est publiée."))
                self.announce_merge(merged)
                return redirect(record)
            change = actions.propose(
                form,
                user=request.user,
                summary=summary,
                base_version=base_version,
                change=self.change,
            )
        except actions.EditConflict as conflict:
            if merged is None:
                return self.merge_or_conflict(form, conflict.current)
            return self.render_conflict(own_form, conflict.current)
        except actions.AlreadyDecided as decided:
            return self.render_refused(own_form, decided_message(decided.change), status=409)
        except actions.ProposalInvalid as invalid:
            return self.render(invalid.form, status=400)
        except actions.Busy:
            return self.render_refused(own_form, BUSY, status=409)
        except PermissionDenied as refusal:
            # The protection changed while the user was writing.
            return self.render_refused(own_form, str(refusal), status=403)
        messages.success(
            request,
            _("Votre proposition est enregistrée. Elle sera publiée après relecture."),
        )
        self.announce_merge(merged)
        return redirect(change)

    def merge_or_conflict(self, form, current):
        """Someone published meanwhile. Edits of different passages are merged against
        the revision both started from and saved; otherwise, the conflict page."""
        merges = merge_with_published(form, current)
        if merges is not None and not any(merge.conflicts for merge in merges.values()):
            data = form.data.copy()
            for name, merge in merges.items():
                data[name] = merge_as_data(merge)
            data["base_version"] = current.version
            merged_form = self.make_form(data, self.request.FILES, instance=current)
            if merged_form.is_valid():
                return self.save(merged_form, merged=(form, current))
        return self.render_conflict(form, current, merges=merges)

    def announce_merge(self, merged):
        if merged is None:
            return
        revision = latest_revision(merged[1])
        messages.info(
            self.request,
            _(
                "Une autre modification avait été publiée pendant que vous écriviez "
                "(révision n° %(version)s, par %(author)s) ; elle touchait d’autres passages : "
                "les deux ont été fusionnées automatiquement. Relisez le résultat."
            )
            % {
                "version": merged[1].version,
                "author": revision.history_user if revision and revision.history_user else "—",
            },
        )

    def render_throttled(self):
        """Why nothing was done, and what was sent, kept to copy back.

        A light page: it answers floods, so it builds and validates no form (which
        would render the text) and queries nothing.
        """
        labels = {
            name: str(field.label or name)
            for name, field in self.form_class.base_fields.items()
            if not field.widget.is_hidden
        }
        throttle.remember(self.request, labels)
        sent = [
            (labels[name], self.request.POST[name])
            for name in labels
            if self.request.POST.get(name)
        ]
        response = TemplateResponse(
            self.request,
            "review/throttled.html",
            {"sent": sent, "form_url": self.request.get_full_path()},
            status=429,
        )
        response["Retry-After"] = "60"
        return response

    def render_refused(self, form, message, *, status):
        """The form as the user sent it, with why it was not saved above it."""
        form.add_error(None, message)
        return self.render(form, status=status)

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

    def render_conflict(self, form, current, *, merges=None):
        """Someone published meanwhile and the edits overlap: who published what, the
        merged text with the passages to settle, and the user's text intact."""
        kind = reviewed_type(form._meta.model)
        data = form.data.copy()
        data["base_version"] = current.version
        conflicts = [
            (label, folded(merges[name].chunks))
            for name, label in kind.fields
            if merges and name in merges and merges[name].conflicts
        ]
        return self.render(
            self.make_form(data, instance=current),
            status=409,
            conflict=current,
            conflict_revision=latest_revision(current),
            conflict_url=_revision_url(current),
            conflict_merges=conflicts,
            conflict_diff=diff_fields(
                kind.fields, kind.display_values(current), kind.display_values(form.instance)
            ),
        )


def merge_with_published(form, current):
    """{field: Merge} of the user's values and the published ones against the revision
    the user started from, or None if that revision cannot be found."""
    base_version = form.cleaned_data.get("base_version")
    base = current.history.filter(version=base_version).first() if base_version else None
    if base is None:
        return None
    mine, theirs, original = form.proposal(), form.proposal_from(current), form.proposal_from(base)
    return {name: merge_value(original[name], mine[name], theirs[name]) for name in mine}


def merge_as_data(merge):
    value = merge.value
    return "" if value is None else str(value)


def latest_revision(record):
    return record.public_revisions().first()


def _revision_url(record):
    revision = latest_revision(record)
    if revision is None or not hasattr(record, "history_url_prefix"):
        return ""
    from review.history import history_url

    return history_url(record, "revision", revision.history_id)


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
        if not self.change.is_pending and request.method != "POST":
            messages.info(request, ALREADY_DECIDED)
            return redirect(self.change)
        self.form_class = self.change.reviewed_type.form_class
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.change.is_pending:
            # Decided while its author was writing: say so, and keep what they wrote.
            form = self.make_form(request.POST, request.FILES, instance=self.record)
            return self.render_refused(form, decided_message(self.change), status=409)
        return super().post(request, *args, **kwargs)

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
        "approve_form": extra.pop("approve_form", None)
        or DecisionForm(reason_required=False, change=change),
        "reject_form": extra.pop("reject_form", None) or DecisionForm(change=change),
        **extra,
    }


def _raw_values(change, kind):
    return {name: str(change.proposed.get(name, "")) for name, _label in kind.fields}


@require_POST
def approve_change(request, pk):
    change = visible_change(request, pk)
    require_moderator(request.user)
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
    change = visible_change(request, pk)
    require_moderator(request.user)
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
    except actions.Busy:
        messages.error(request, BUSY_DECISION)
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
