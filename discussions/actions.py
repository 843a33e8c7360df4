"""Every change to a discussion: each checks who may do it, applies in one
transaction, and logs moderators' actions in the moderation journal. Views call
these and nothing else.

Lock order: the thread's row first (select_for_update), then the message's. A reply
takes the thread's lock to number its message (the count it reads is the count it
writes back, so two replies at once get 2 and 3, never 2 twice); an edit, a hiding
or a lock takes the thread's lock, then reads the message under it, so an edit
racing a hiding or a lock sees the state the other left. Visits are written alone,
after, by an upsert that locks nothing else.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ratelimit import limits_reached
from discussions.models import Message, Thread, Visit
from dossiers.models import render_cached
from review.actions import log, retried_on_contention
from review.models import ModerationAction
from review.permissions import check_moderator, is_active, is_moderator


class RateLimited(Exception):
    """The account posted too much lately; nothing was saved."""


# Who may do what: the answers views show, and the checks actions make.


def post_refusal(user, thread=None):
    """Why `user` may not post (a new thread, or in `thread`), or None."""
    if not is_active(user):
        return _("Connectez-vous pour participer à la discussion.")
    if thread is not None and thread.is_locked:
        return _("Cette discussion est verrouillée : on ne peut plus y répondre.")
    return None


def edit_refusal(user, message, now=None):
    """Why `user` may not edit `message`, or None."""
    now = now or timezone.now()
    if not is_active(user) or user.pk != message.author_id:
        return _("Seul l’auteur d’un message peut le modifier.")
    if message.is_hidden:
        return _("Ce message a été masqué par la modération : il ne peut plus être modifié.")
    if message.thread.is_locked:
        return _("Cette discussion est verrouillée : ses messages ne changent plus.")
    if now > message.editable_until():
        return _(
            "Un message se modifie dans les quinze minutes qui suivent sa publication ; "
            "ce délai est passé. Répondez plutôt pour préciser ou corriger."
        )
    return None


def may_discuss(user, change):
    """Whether `user` may open a thread about a proposal: those who may see it."""
    return is_active(user) and (is_moderator(user) or change.author_id == user.pk)


def can_edit(user, message):
    return edit_refusal(user, message) is None


def _refuse(refusal):
    if refusal:
        raise PermissionDenied(refusal)


def rate_limited(user):
    """Count one post of `user`; True past the burst or the hourly limit.
    Moderators are not limited."""
    return not is_moderator(user) and limits_reached(user.pk, "discussion-burst", "discussion")


def _rendered(body, number):
    """The sanitised HTML of a message's markdown and the keys it cites (raises
    RenderError). A page shows many messages: each one's citation anchors are
    prefixed with its number, so that « [1] » leads to its own reference list."""
    rendering = render_cached(body)
    html = rendering.html.replace('href="#ref-', f'href="#m{number}-ref-').replace(
        'id="cite-', f'id="m{number}-cite-'
    )
    return html, list(rendering.citation_keys)


@retried_on_contention
def start_thread(subject, *, user, title, body, change_request=None):
    """Open a thread on `subject` with its first message; returns the thread."""
    _refuse(post_refusal(user))
    if change_request is not None and not may_discuss(user, change_request):
        raise PermissionDenied(_("Seuls l’auteur et la modération discutent une proposition."))
    render_cached(body)  # refuses a text that cannot be published before counting it
    if rate_limited(user):
        raise RateLimited
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            subject=subject,
            title=title,
            author=user,
            change_request=change_request,
            created_at=now,
            last_posted_at=now,
            message_count=1,
        )
        _add_message(thread, 1, user, body, now)
    return thread


@retried_on_contention
def reply(thread, *, user, body):
    """Add a message to `thread`; returns it."""
    _refuse(post_refusal(user))
    render_cached(body)  # refuses a text that cannot be published before counting it
    if rate_limited(user):
        raise RateLimited
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        # The lock may have come while this reply was on its way.
        _refuse(post_refusal(user, thread))
        now = timezone.now()
        number = thread.message_count + 1
        Thread.objects.filter(pk=thread.pk).update(message_count=number, last_posted_at=now)
        message = _add_message(thread, number, user, body, now)
    return message


def _add_message(thread, number, user, body, now):
    html, keys = _rendered(body, number)
    return Message.objects.create(
        thread=thread,
        number=number,
        author=user,
        body=body,
        body_html=html,
        cited_keys=keys,
        created_at=now,
    )


@retried_on_contention
def edit(message, *, user, body):
    """The author's correction of their message, kept in its history."""
    _refuse(edit_refusal(user, message))
    html, keys = _rendered(body, message.number)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=message.thread_id)
        message = Message.objects.select_for_update().get(pk=message.pk)
        message.thread = thread
        _refuse(edit_refusal(user, message))
        message.body, message.body_html, message.cited_keys = body, html, keys
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "body_html", "cited_keys", "edited_at"])
    return message


def _moderate(moderator, *, thread_id, rows, flag, on, reason, kinds, target, label=None):
    """Set (`on`) or clear the moderation fields `<flag>_at`, `_by` and `_reason` of
    `rows` (one row), under the thread's lock, and journal it once: of two moderators
    at once, the second finds it done and logs nothing. True if this call changed it."""
    check_moderator(moderator)
    with transaction.atomic():
        # Under the thread's lock, so the time it names comes after every reply before it.
        Thread.objects.select_for_update().only("pk").get(pk=thread_id)
        updated = rows.filter(**{f"{flag}_at__isnull": on}).update(
            **{
                f"{flag}_at": timezone.now() if on else None,
                f"{flag}_by": moderator if on else None,
                f"{flag}_reason": reason if on else "",
            }
        )
        if updated:
            log(moderator, kinds[0] if on else kinds[1], target, reason, label=label)
    return bool(updated)


@retried_on_contention
def set_hidden(message, *, moderator, hidden, reason=""):
    """Hide a message behind a tombstone that gives `reason`, or show it again."""
    label = _("message n° %(number)s de « %(title)s »") % {
        "number": message.number,
        "title": message.thread.title,
    }
    return _moderate(
        moderator,
        thread_id=message.thread_id,
        rows=Message.objects.filter(pk=message.pk),
        flag="hidden",
        on=hidden,
        reason=reason,
        kinds=(ModerationAction.Kind.HIDE_MESSAGE, ModerationAction.Kind.UNHIDE_MESSAGE),
        target=message,
        label=label,
    )


@retried_on_contention
def set_locked(thread, *, moderator, locked, reason=""):
    """Lock a thread (no more replies or edits), or open it again."""
    return _moderate(
        moderator,
        thread_id=thread.pk,
        rows=Thread.objects.filter(pk=thread.pk),
        flag="locked",
        on=locked,
        reason=reason,
        kinds=(ModerationAction.Kind.LOCK, ModerationAction.Kind.UNLOCK),
        target=thread,
    )


def record_visit(user, thread):
    """`user` has now seen every message of `thread` as it stands."""
    if not is_active(user):
        return
    seen = thread.message_count
    Visit.objects.bulk_create([Visit(user=user, thread=thread, seen=seen)], ignore_conflicts=True)
    # Never back: a page read before a reply must not undo what a later visit saw.
    Visit.objects.filter(user=user, thread=thread, seen__lt=seen).update(seen=seen)
