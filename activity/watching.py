"""What can be watched, and the published changes on what a user watches.

Every watchable model is named here once, with the condition on the changes it
covers (activity.scopes) and how a page names it; a Watch points to one record of
one of them. Lock order: a Watch row is written alone (one INSERT … ON CONFLICT DO
NOTHING, or one DELETE), after any lock its caller holds on a record, and nothing
locks a Watch row, so watching never waits on, nor blocks, an edit.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activity import scopes
from activity.models import Subscription, Watch
from cities.models import City, Department
from dossiers.models import Actor, Dossier, Technology
from review.changes import Changes
from review.registry import reviewed_type
from sources.models import Source


@dataclass(frozen=True)
class Watchable:
    model: type
    name: str  # in URLs and forms: "dossier", "commune" …
    label: object
    condition: object  # the record -> a condition for Changes.where()
    lookup: str = "pk"  # how forms name a record
    public: object = None  # the records the public sees (all by default)

    def queryset(self):
        return self.public() if self.public else self.model.objects.all()


WATCHABLE = [
    Watchable(
        Dossier, "dossier", _("dossier"), scopes.about_dossier, public=Dossier.objects.public
    ),
    Watchable(City, "commune", _("commune"), scopes.in_city),
    Watchable(Department, "department", _("département"), scopes.in_department),
    Watchable(Actor, "actor", _("acteur"), scopes.about_actor),
    Watchable(Source, "source", _("source"), scopes.about_source),
    Watchable(Technology, "technology", _("technologie"), scopes.about_technology),
]
BY_NAME = {watchable.name: watchable for watchable in WATCHABLE}
BY_MODEL = {watchable.model: watchable for watchable in WATCHABLE}


def watchable(record):
    return BY_MODEL[type(record)]


def find(name, pk):
    """The public record a form names ("dossier", "12"), or None."""
    kind = BY_NAME.get(name)
    if kind is None:
        return None
    try:
        return kind.queryset().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _content_type(record):
    return ContentType.objects.get_for_model(type(record))


def watch(user, record, *, automatic=False, language=None):
    """`user` watches `record` from now on (once, however often it is asked)."""
    Watch.objects.bulk_create(
        [
            Watch(
                user=user,
                content_type=_content_type(record),
                object_id=record.pk,
                automatic=automatic,
            )
        ],
        ignore_conflicts=True,
    )
    # From now on: what changed before the user watched anything is not news to them.
    ensure_subscription(user, language)


def unwatch(user, record):
    Watch.objects.filter(
        user=user, content_type=_content_type(record), object_id=record.pk
    ).delete()


def is_watching(user, record):
    return Watch.objects.filter(
        user=user, content_type=_content_type(record), object_id=record.pk
    ).exists()


def ensure_subscription(user, language=None):
    """Make the user's Subscription if they have none (in `language` if given)."""
    made = Subscription(user=user, **({"language": language} if language else {}))
    Subscription.objects.bulk_create([made], ignore_conflicts=True)


def subscription_of(user):
    """The user's Subscription, made with the defaults on first need."""
    ensure_subscription(user)
    return Subscription.objects.get(user=user)


def watches_own_edits(user):
    setting = Subscription.objects.filter(user=user).values_list("watch_own_edits", flat=True)
    return setting.first() is not False  # True until they turn it off


def watched_records(user):
    """The records `user` watches, as (Watchable, record, Watch), by kind then name."""
    watches = list(Watch.objects.filter(user=user).select_related("content_type"))
    wanted = {}
    for item in watches:
        wanted.setdefault(item.content_type.model_class(), []).append(item)
    found = []
    for kind in WATCHABLE:
        items = wanted.get(kind.model, [])
        records = kind.queryset().in_bulk([item.object_id for item in items])
        found += sorted(
            ((kind, records[item.object_id], item) for item in items if item.object_id in records),
            key=lambda entry: str(entry[1]).casefold(),
        )
    return found


def any_of(conditions):
    """Condition: the record passes one of `conditions` at least."""

    def condition(kind):
        matches = [q for q in (each(kind) for each in conditions) if q is not None]
        if not matches:
            return None
        combined = Q()
        for match in matches:
            combined |= match
        return combined

    return condition


def changes_watched_by(user, records=None):
    """Published changes on everything `user` watches, newest first (none when
    they watch nothing)."""
    records = watched_records(user) if records is None else records
    if not records:
        return Changes([lambda kind: None])
    return Changes([any_of([kind.condition(record) for kind, record, _watch in records])])


def watch_what_was_edited(sender, history_instance, **kwargs):
    """simple-history's post_create_historical_record: the author of a published
    revision watches what it belongs to, unless they turned that off."""
    user = history_instance.history_user
    if user is None or getattr(history_instance, "history_type", "") == "-":
        return
    instance = kwargs.get("instance")
    try:
        kind = reviewed_type(type(instance))
    except KeyError:
        return
    if not watches_own_edits(user):
        return
    for name in ("dossier", "actor", "source"):
        owner = kind.owner(instance, name)
        if owner is not None and owner.pk is not None:
            watch(user, owner, automatic=True)
            return


def watch_what_was_discussed(sender, instance, created, **kwargs):
    """post_save of a discussion message: its author watches what the discussion is
    about (and so hears of the replies), unless they turned that off."""
    if not created or not watches_own_edits(instance.author):
        return
    subject = instance.thread.subject
    if subject is not None and type(subject) in BY_MODEL:
        watch(instance.author, subject, automatic=True)
