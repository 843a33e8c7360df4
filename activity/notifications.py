"""E-mail notifications: changes on what a user watches, and the decisions on their
proposals, at once or in a daily digest. Sent by `manage.py send_notifications`,
run by cron (README), never during a request.

Each Subscription's `notified_until` is a cursor: a run tells the user of what was
published or decided after it and up to `now - SETTLE`, then leaves it there.

- **Nothing told twice.** A run first *claims* the interval by moving the cursor
  with an UPDATE conditioned on its old value: of two runs at once (cron overlapping
  itself, two machines), one moves it and sends, the other finds it moved and skips.
- **Nothing lost.** A revision's date is taken before its transaction commits; the
  cursor stops SETTLE before now so that a revision committing late is not behind
  it. If sending fails, the cursor goes back (again conditioned on the value this
  run set) and the next run tries again.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from activity import watching
from activity.models import Subscription, Watch
from discussions.models import Message
from dossiers.models import DocumentRequest, Dossier
from review.changes import describe
from review.models import ChangeRequest

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "activity.unsubscribe"
SETTLE = timedelta(minutes=2)
DIGEST_EVERY = timedelta(days=1)
# At most this many changes are listed in one e-mail; the rest are counted.
LISTED = 50


@dataclass
class Notice:
    subscription: Subscription
    since: object
    until: object
    changes: list = field(default_factory=list)
    more_changes: int = 0
    decisions: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    more_messages: int = 0
    deadlines: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.changes or self.decisions or self.messages or self.deadlines)


def due(now):
    """Subscriptions with something to tell at `now`: immediate ones, and daily ones
    whose last digest is a day old; only for users who gave an address."""
    until = now - SETTLE
    return (
        Subscription.objects.select_related("user")
        .filter(user__is_active=True)
        .exclude(user__email="")
        .filter(
            Q(frequency=Subscription.Frequency.IMMEDIATE, notified_until__lt=until)
            | Q(frequency=Subscription.Frequency.DAILY, notified_until__lte=now - DIGEST_EVERY)
        )
        .order_by("pk")
    )


def claim(subscription, until):
    """Move the cursor to `until` if no other run has moved it; True if this run did."""
    claimed = Subscription.objects.filter(
        pk=subscription.pk, notified_until=subscription.notified_until
    ).update(notified_until=until)
    return claimed == 1


def release(subscription, since, until):
    """Give back a claimed interval (sending failed): the next run tells it again."""
    Subscription.objects.filter(pk=subscription.pk, notified_until=until).update(
        notified_until=since
    )


def gather(subscription, since, until):
    """What to tell the subscription's user of (since, until]: others' changes on what
    they watch, and the decisions on their proposals."""
    user = subscription.user
    notice = Notice(subscription, since, until)
    window = watching.changes_watched_by(user).where(
        lambda kind: Q(history_date__gt=since, history_date__lte=until) & ~Q(history_user=user)
    )
    rows = list(window[: LISTED + 1])
    notice.changes = describe(rows[:LISTED], sizes=True, authors=True)
    if len(rows) > LISTED:
        notice.more_changes = window.count() - LISTED
    notice.decisions = list(
        ChangeRequest.objects.filter(
            author=user,
            decided_at__gt=since,
            decided_at__lte=until,
            state__in=[ChangeRequest.State.APPROVED, ChangeRequest.State.REJECTED],
        )
        .select_related("content_type", "decided_by")
        .order_by("decided_at", "id")
    )
    window = discussion_messages(user, since, until)
    messages = list(window[: LISTED + 1])
    notice.messages = messages[:LISTED]
    if len(messages) > LISTED:
        notice.more_messages = window.count() - LISTED
    notice.deadlines = list(deadlines_passed(user, since, until))
    return notice


def discussion_messages(user, since, until):
    """Messages others posted in (since, until] on the discussion pages of what `user`
    watches (new threads and replies alike), oldest first; hidden ones are not told."""
    watched = Watch.objects.filter(
        user=user,
        content_type=OuterRef("thread__content_type"),
        object_id=OuterRef("thread__object_id"),
    )
    return (
        Message.objects.filter(created_at__gt=since, created_at__lte=until, hidden_at=None)
        .exclude(author=user)
        .filter(Exists(watched))
        .select_related("thread", "author")
        .prefetch_related("thread__subject")
        .order_by("created_at", "id")
    )


def deadlines_passed(user, since, until):
    """Requests for documents whose legal deadline ended in (since, until] (at the
    midnight after its day, in the site's time zone), for their requester and for
    whoever watches a dossier they serve."""
    first, last = timezone.localdate(since), timezone.localdate(until)
    watched_dossiers = Watch.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(Dossier)
    ).values("object_id")
    return (
        DocumentRequest.objects.filter(due_on__gte=first, due_on__lt=last)
        .filter(Q(requester=user) | Q(links__dossier__in=watched_dossiers))
        .select_related("administration")
        .distinct()
        .order_by("due_on", "id")
    )


def message(notice, connection):
    """The e-mail of a Notice, in the language the user last used on the site."""
    user = notice.subscription.user
    with translation.override(notice.subscription.language):
        unsubscribe = settings.SITE_URL + reverse(
            "activity:unsubscribe", args=[unsubscribe_token(user)]
        )
        context = {
            "notice": notice,
            "user": user,
            "site_url": settings.SITE_URL,
            "watchlist_url": settings.SITE_URL + reverse("activity:watchlist"),
            "unsubscribe_url": unsubscribe,
        }
        subject = render_to_string("activity/email/subject.txt", context).strip()
        body = render_to_string("activity/email/notice.txt", context)
    return EmailMessage(
        # One line; the no-break spaces of French typography stay.
        subject=re.sub(r"[ \t\r\n]+", " ", subject),
        body=body,
        to=[user.email],
        connection=connection,
        headers={
            # One-click unsubscribing from the mail client (RFC 8058).
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


@dataclass
class Run:
    sent: int = 0
    looked_at: int = 0
    failed: int = 0


def send_due(now=None):
    """Tell every due subscription. A failure to send to one user is logged, its
    interval given back, and the others are still told."""
    now = now or timezone.now()
    until = now - SETTLE
    run = Run()
    connection = get_connection()
    for subscription in due(now):
        since = subscription.notified_until
        if not claim(subscription, until):
            continue  # another run is telling this user
        run.looked_at += 1
        notice = gather(subscription, since, until)
        if not notice:
            continue
        try:
            message(notice, connection).send()
        except Exception:
            release(subscription, since, until)
            logger.exception("notification to user %s not sent", subscription.user_id)
            run.failed += 1
        else:
            run.sent += 1
    return run


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribing_user_id(token):
    """The user id a token of `unsubscribe_token()` names, or None if it is forged."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
