"""Every change of state in the review workflow: each checks, applies in one
transaction, and records who did it. Views call these and nothing else."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from review.models import ChangeRequest, ModerationAction, Protection
from review.registry import reviewed_type


class EditConflict(Exception):
    """The record moved on since the version the edit started from."""

    def __init__(self, current):
        super().__init__(f"{current!r} is at version {current.version}")
        self.current = current


class AlreadyDecided(Exception):
    """Someone else decided on the change request first."""


class ProposalInvalid(Exception):
    """A proposal no longer passes the record's validation; carries the bound form."""

    def __init__(self, form):
        super().__init__(form.errors.as_text())
        self.form = form


def log(actor, kind, target, reason="", *, label=None):
    url = getattr(target, "get_absolute_url", None)
    return ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        target_label=(label or str(target))[:300],
        target_url=url() if url else "",
        reason=reason,
    )


def publish(form, *, user, summary, base_version):
    """Save a validated form as a new published revision, unless the record moved on."""
    with transaction.atomic():
        if form.instance.pk is not None:
            _lock_at_version(type(form.instance), form.instance.pk, base_version)
        record = form.save(commit=False)
        record.save_revision(user=user, reason=summary)
        form.save_m2m()
    return record


def propose(form, *, user, summary, base_version, change=None):
    """Record a validated form as a change request (or update `change`) for review."""
    model = form._meta.model
    with transaction.atomic():
        current = None
        if form.instance.pk is not None:
            current = _lock_at_version(model, form.instance.pk, base_version)
        if change is None:
            change = ChangeRequest(
                author=user, content_type=ContentType.objects.get_for_model(model)
            )
        else:
            change = _lock_pending(change)
        change.object_id = current.pk if current else None
        change.base_version = base_version if current else None
        change.proposed = form.proposal()
        change.label = proposal_label(form.instance)
        change.summary = summary
        change.size_delta = _size(change.proposed) - (
            _size(form.proposal_from(current)) if current else 0
        )
        change.save()
    return change


def proposal_label(record):
    """What a proposal is about, for lists: the record as the proposal would make it."""
    describe = getattr(record, "review_label", None)
    return str(describe() if describe else record)[:300]


def approve(change, *, moderator, note=""):
    """Apply a pending change through the record's form, as its author's revision."""
    kind = change.reviewed_type
    target = change.load_target()
    form = kind.form_class.for_proposal(
        change.proposed, instance=target, summary=change.summary, base_version=change.base_version
    )
    if not form.is_valid():
        raise ProposalInvalid(form)
    with transaction.atomic():
        change = _lock_pending(change)
        if target is not None:
            _lock_at_version(kind.model, target.pk, change.base_version)
        record = form.save(commit=False)
        record.save_revision(user=change.author, reason=change.summary)
        form.save_m2m()
        _decide(change, ChangeRequest.State.APPROVED, moderator, note)
        change.object_id = record.pk
        change.applied_version = record.version
        change.save()
        log(moderator, ModerationAction.Kind.APPROVE, record, note or change.summary)
    return record


def reject(change, *, moderator, reason):
    with transaction.atomic():
        change = _lock_pending(change)
        _decide(change, ChangeRequest.State.REJECTED, moderator, reason)
        change.save()
        label = _("Proposition n° %(number)s : %(title)s") % {
            "number": change.pk,
            "title": change.title,
        }
        log(moderator, ModerationAction.Kind.REJECT, change, reason, label=label)
    return change


def withdraw(change, *, user):
    with transaction.atomic():
        change = _lock_pending(change)
        _decide(change, ChangeRequest.State.WITHDRAWN, user, "")
        change.save()
    return change


def restore(revision, *, user, base_version, note=""):
    """Publish a past revision's content again, as a new revision."""
    kind = reviewed_type(revision.instance_type)
    current = kind.model.objects.get(pk=revision.id)
    summary = _("Restauration de la révision n° %(version)s") % {"version": revision.version}
    if note:
        summary = f"{summary} : {note}"[:300]
    form = kind.form_class.for_proposal(
        kind.form_class.proposal_from(revision),
        instance=current,
        summary=summary,
        base_version=base_version,
    )
    if not form.is_valid():
        raise ProposalInvalid(form)
    with transaction.atomic():
        record = publish(form, user=user, summary=summary, base_version=base_version)
        log(user, ModerationAction.Kind.RESTORE, record, summary)
    return record


def set_hidden(revision, *, moderator, reason, hidden, record, label):
    """Hide a past revision's content from the public, or show it again."""
    with transaction.atomic():
        # Historical rows are records of the past: only these moderation fields change.
        type(revision).objects.filter(pk=revision.pk).update(
            hidden_at=timezone.now() if hidden else None,
            hidden_reason=reason if hidden else "",
            hidden_by=moderator if hidden else None,
        )
        kind = ModerationAction.Kind.HIDE if hidden else ModerationAction.Kind.UNHIDE
        log(moderator, kind, record, reason, label=label)


def protect(record, *, moderator, level, reason):
    """Set who may edit `record`; logged, and not a new revision."""
    entry = f"{Protection(level).label}" + (f" : {reason}" if reason else "")
    with transaction.atomic():
        record.set_protection(level, reason)
        log(moderator, ModerationAction.Kind.PROTECT, record, entry)


def _lock_at_version(model, pk, base_version):
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != base_version:
        raise EditConflict(current)
    return current


def _lock_pending(change):
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise AlreadyDecided(change)
    return change


def _decide(change, state, user, reason):
    change.state = state
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_reason = reason


def _size(proposal):
    return sum(len(str(value)) for value in proposal.values())
