"""Creating and editing reviewed records: the edit form, previews, saving or
proposing, the merge with what was published meanwhile, and reworking a proposal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.ratelimit import limit_reached, limits_reached
from review import actions, throttle
from review.diff import diff_fields
from review.history import history_url
from review.merge import folded, merge_value
from review.messages import ALREADY_DECIDED
from review.permissions import (
    get_change_for_user,
    is_moderator,
    publishes_directly,
    require_editor,
    require_signed_in,
)
from review.registry import reviewed_type
from review.views import outdated_diff

BUSY = gettext_lazy(
    "Le site a reçu au même instant une autre modification de ce contenu et n’a pas pu "
    "enregistrer la vôtre. Rien n’a été perdu : votre texte est ci-dessous, enregistrez-le "
    "de nouveau."
)
REFUSED_RENDER_COST = 5


def edit_limit_reached(user):
    """Count one save or preview of `user`; True past the burst or the hourly limit.

    A request already over a limit is refused after a single read, and not counted:
    a flood costs as little as possible.
    """
    return limits_reached(user.pk, "edit-burst", "edit")


def decided_message(change):
    """Why a decided proposal can no longer be updated, for its author."""
    return _(
        "Cette proposition a été %(state)s pendant que vous la modifiiez : elle ne peut plus "
        "changer. Votre texte est conservé ci-dessous ; copiez-le si vous voulez en faire "
        "une nouvelle proposition."
    ) % {"state": change.get_state_display()}


class ReviewedEditView(View):
    """Create or edit a reviewed record: preview, then publish at once or propose.

    Subclasses say which record (`get_record`, None for a creation) and where to go.
    Trusted contributors and moderators publish; everyone else proposes a change.
    """

    form_class = None
    template_name = None  # the registered type's edit_template unless set
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
        require_signed_in(request)
        self.record = self.get_record()
        require_editor(request, self.refusal_target())
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
        refused_until = throttle.remember(self.request, labels)
        response = TemplateResponse(
            self.request,
            "review/throttled.html",
            throttle.page_context(self.request, labels),
            status=429,
        )
        response["Retry-After"] = throttle.retry_after(refused_until)
        return response

    def render_refused(self, form, message, *, status):
        """The form as the user sent it, with why it was not saved above it."""
        form.add_error(None, message)
        return self.render(form, status=status)

    def render(self, form, *, status=200, **context):
        if form.is_bound and hasattr(form, "cleaned_data"):
            # Shown again (errors, preview, conflict): the files sent stay with it.
            form.keep_files()
        if context.get("preview"):
            context.update(preview_record=form.instance, **form.preview_context())
        kind = reviewed_type(form._meta.model)
        context["preview_template"] = kind.preview_template
        return TemplateResponse(
            self.request,
            self.template_name or kind.edit_template,
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
        revision = latest_revision(current)
        return self.render(
            self.make_form(data, instance=current),
            status=409,
            conflict=current,
            conflict_revision=revision,
            conflict_url=_revision_url(current, revision),
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


def _revision_url(record, revision):
    if revision is None:
        return ""
    return history_url(record, "revision", revision.history_id)


class ChangeEditView(ReviewedEditView):
    """Rework a pending proposal, which also brings it up to date with its record."""

    template_name = "review/change_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.change = get_change_for_user(request, kwargs["pk"])
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
        return super().render(
            form,
            outdated_diff=self.outdated_diff,
            changed_notice=self.change.reviewed_type.changed_notice,
            edit_template=self.change.reviewed_type.edit_template,
            **kwargs,
        )
