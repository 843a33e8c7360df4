"""Every change of state in the review workflow: each checks who may do it, applies
in one transaction, and records who did it. Views call these and nothing else.

Lock order. Every action that locks more than one row takes the locks in this
order, so that two actions can never wait on each other (a deadlock):

  1. the change request (`ChangeRequest`), if the action is about one;
  2. the record whose protection decides who may edit (a dossier, for itself and
     for the rows of its sheet; the record itself for sources and actors);
  3. the record edited, if it is not the one of step 2.

What is written is always what was read under those locks: an approval validates
the proposal as locked (and refuses it if it changed since the moderator read
it), a save re-checks the editor's right against the protection as locked, and
saves only the fields it owns, never the moderation settings beside them.

Contention the database cannot serialise (a deadlock or a serialization failure
on PostgreSQL, a lock wait that timed out on SQLite) is retried once, then raised
as `Busy`, which views answer with a conflict page rather than an error.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache_tags import invalidate_records
from review.models import ChangeRequest, ModerationAction, Protection
from review.permissions import (
    check_editor,
    check_moderator,
    check_restorer,
    is_moderator,
    publishes_directly,
)
from review.registry import reviewed_type

# PostgreSQL's codes for a deadlock and a serialization failure.
CONTENTION_SQLSTATES = frozenset({"40P01", "40001"})


class EditConflict(Exception):
    """The record moved on since the version the edit started from."""

    def __init__(self, current):
        super().__init__(f"{current!r} is at version {current.version}")
        self.current = current


class AlreadyDecided(Exception):
    """Someone else decided on the change request first."""

    def __init__(self, change):
        super().__init__(f"change request {change.pk} is {change.state}")
        self.change = change


class ProposalChanged(Exception):
    """The proposal was updated since the revision the moderator decided on."""

    def __init__(self, change):
        super().__init__(f"change request {change.pk} is at revision {change.revision}")
        self.change = change


class ProposalInvalid(Exception):
    """A proposal no longer passes the record's validation; carries the bound form."""

    def __init__(self, form):
        super().__init__(form.errors.as_text())
        self.form = form


class Busy(Exception):
    """The database could not serialise this action against a concurrent one."""


def is_contention(error):
    """Whether a database error means "try again": a deadlock, a serialization
    failure, or (SQLite) a write lock that was not released in time."""
    if getattr(error.__cause__, "sqlstate", None) in CONTENTION_SQLSTATES:
        return True
    return "database is locked" in str(error) or "database table is locked" in str(error)


def retried_on_contention(action):
    """Run `action` again once if the database gave up on it for contention.

    Inside an enclosing transaction nothing can be retried (the transaction is
    broken): the error is raised as `Busy` at once.
    """

    @functools.wraps(action)
    def run(*args, **kwargs):
        for attempt in (1, 2):
            try:
                return action(*args, **kwargs)
            except OperationalError as error:
                if not is_contention(error):
                    raise
                if attempt == 2 or connection.in_atomic_block:
                    raise Busy(str(error)) from error
        raise AssertionError("unreachable")

    return run


def log(actor, kind, target, reason="", *, label=None):
    url = getattr(target, "get_absolute_url", None)
    return ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        target_label=(label or str(target))[:300],
        target_url=url() if url else "",
        reason=reason,
    )


@retried_on_contention
def publish(form, *, user, summary, base_version):
    """Save a validated form as a new published revision, unless the record moved on
    or its protection no longer lets `user` edit it."""
    if not publishes_directly(user):
        raise PermissionDenied(_("Vos modifications passent par une relecture."))
    with transaction.atomic():
        return _publish_locked(form, user=user, summary=summary, base_version=base_version)


@retried_on_contention
def propose(form, *, user, summary, base_version, change=None):
    """Record a validated form as a change request (or update `change`) for review."""
    model = form._meta.model
    with transaction.atomic():
        if change is not None:
            change = _lock_pending(change)
            if change.author_id != user.pk and not is_moderator(user):
                raise PermissionDenied(_("Seul l’auteur peut modifier sa proposition."))
        current = _lock_for_edit(form.instance, user=user, base_version=base_version)
        if change is None:
            change = ChangeRequest(
                author=user, content_type=ContentType.objects.get_for_model(model)
            )
        else:
            change.revision += 1
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
    return str(reviewed_type(record).label(record))[:300]


@retried_on_contention
def approve(change, *, moderator, revision, note=""):
    """Apply a pending change, exactly as it stood at `revision` (what the moderator
    read), through the record's form, as its author's revision."""
    check_moderator(moderator)
    with transaction.atomic():
        change = _lock_pending(change, revision=revision)
        kind = change.reviewed_type
        target = change.load_target()
        if target is not None:
            target = _lock_for_edit(target, user=moderator, base_version=change.base_version)
        form = kind.form_class.for_proposal(
            change.proposed,
            instance=target,
            summary=change.summary,
            base_version=change.base_version,
        )
        if not form.is_valid():
            raise ProposalInvalid(form)
        if target is None:
            # A creation: its protection (a row's dossier) is known once validated.
            _lock_for_edit(form.instance, user=moderator, base_version=None)
        record = _save_revision(form, user=change.author, reason=change.summary)
        _decide(change, ChangeRequest.State.APPROVED, moderator, note)
        change.object_id = record.pk
        change.applied_version = record.version
        change.save(update_fields=[*DECISION_FIELDS, "object_id", "applied_version"])
        log(moderator, ModerationAction.Kind.APPROVE, record, note or change.summary)
    return record


@retried_on_contention
def reject(change, *, moderator, reason, revision=None):
    """Refuse a pending change; with `revision`, only as it stood then."""
    check_moderator(moderator)
    with transaction.atomic():
        change = _lock_pending(change, revision=revision)
        _decide(change, ChangeRequest.State.REJECTED, moderator, reason)
        change.save(update_fields=DECISION_FIELDS)
        label = _("Proposition n° %(number)s : %(title)s") % {
            "number": change.pk,
            "title": change.title,
        }
        log(moderator, ModerationAction.Kind.REJECT, change, reason, label=label)
    return change


@retried_on_contention
def withdraw(change, *, user):
    with transaction.atomic():
        change = _lock_pending(change)
        if change.author_id != user.pk:
            raise PermissionDenied(_("Seul l’auteur peut retirer sa proposition."))
        _decide(change, ChangeRequest.State.WITHDRAWN, user, "")
        change.save(update_fields=DECISION_FIELDS)
    return change


def restore(revision, *, user, base_version, note=""):
    """Publish a past revision's content again, as a new revision."""
    check_restorer(user)
    kind = reviewed_type(revision.instance_type)
    current = kind.model.objects.get(pk=revision.id)
    summary = _("Restauration de la révision n° %(version)s") % {"version": revision.version}
    if note:
        summary = (_("%(summary)s : %(note)s") % {"summary": summary, "note": note})[:300]
    form = kind.form_class.for_proposal(
        kind.form_class.proposal_from(revision),
        instance=current,
        summary=summary,
        base_version=base_version,
    )
    if not form.is_valid():
        raise ProposalInvalid(form)
    return _publish_restoration(form, user=user, summary=summary, base_version=base_version)


@retried_on_contention
def _publish_restoration(form, *, user, summary, base_version):
    with transaction.atomic():
        record = _publish_locked(form, user=user, summary=summary, base_version=base_version)
        log(user, ModerationAction.Kind.RESTORE, record, summary)
    return record


@retried_on_contention
def set_hidden(revision, *, moderator, reason, hidden, record, label):
    """Hide a past revision's content from the public, or show it again."""
    check_moderator(moderator)
    with transaction.atomic():
        # Historical rows are records of the past: only these moderation fields change.
        type(revision).objects.filter(pk=revision.pk).update(
            hidden_at=timezone.now() if hidden else None,
            hidden_reason=reason if hidden else "",
            hidden_by=moderator if hidden else None,
        )
        invalidate_records(revision)  # an update sends no signal
        kind = ModerationAction.Kind.HIDE if hidden else ModerationAction.Kind.UNHIDE
        log(moderator, kind, record, reason, label=label)


@retried_on_contention
def protect(record, *, moderator, level, reason):
    """Set who may edit `record`; logged, and not a new revision.

    It waits for a save of the record in progress; a save that started before and
    commits after re-checks the protection under its lock (see `_lock_for_edit`).
    """
    check_moderator(moderator)
    if not reviewed_type(record).protectable:
        raise ValueError(f"{type(record).__name__} records cannot be protected")
    entry = str(Protection(level).label)
    if reason:
        entry = _("%(level)s : %(reason)s") % {"level": entry, "reason": reason}
    with transaction.atomic():
        # An UPDATE, which locks the row: not a save(), since protection is not
        # content, and a new version would conflict with the edits in progress.
        type(record).objects.filter(pk=record.pk).update(protection=level, protection_reason=reason)
        invalidate_records(record)  # an update sends no signal
        record.protection, record.protection_reason = level, reason
        log(moderator, ModerationAction.Kind.PROTECT, record, entry)


DECISION_FIELDS = ["state", "decided_by", "decided_at", "decision_reason", "updated_at"]


def _select_for_update(model):
    # of=("self",): PostgreSQL refuses to lock the nullable side of an outer join.
    return model.objects.select_for_update(of=("self",))


def _lock_for_edit(record, *, user, base_version):
    """Lock what decides whether `user` may save `record` (steps 2 and 3 of the lock
    order), check that they still may, and that the record is at `base_version`.

    Returns the record as locked (None for a creation).
    """
    holder = reviewed_type(record).protection_holder(record)
    if holder is not record and holder.pk is not None:
        holder = _select_for_update(type(holder)).get(pk=holder.pk)
    current = None
    if record.pk is not None:
        current = _select_for_update(type(record)).get(pk=record.pk)
        if holder is record:
            holder = current
    # Also refuses a signed-out or blocked user, for a creation as for an edit.
    check_editor(user, holder)
    if current is not None and current.version != base_version:
        raise EditConflict(current)
    return current


def _publish_locked(form, *, user, summary, base_version):
    """Inside a transaction: lock, check, and save the form as a new revision."""
    _lock_for_edit(form.instance, user=user, base_version=base_version)
    return _save_revision(form, user=user, reason=summary)


def _save_revision(form, *, user, reason):
    """Save the form's record as a revision; a unique value that someone else took
    meanwhile (say, a key the author chose) becomes an error on the form."""
    try:
        with transaction.atomic():
            return form.save_revision(user=user, reason=reason)
    except IntegrityError:
        form.validate_unique()
        if form.errors:
            raise ProposalInvalid(form) from None
        raise


def _lock_pending(change, *, revision=None):
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise AlreadyDecided(change)
    if revision is not None and change.revision != revision:
        raise ProposalChanged(change)
    return change


def _decide(change, state, user, reason):
    change.state = state
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_reason = reason


def _size(proposal):
    return sum(len(str(value)) for value in proposal.values())
