"""Published revisions of every reviewed type, newest first: the site's recent
changes, a contributor's contributions, a watchlist, a feed.

A `Changes` is a query over the history tables of all registered types at once (a
UNION, one part per type). Django cannot filter a UNION, so each condition is given
as a function of the type and applies to every part before the union is formed:
`where(lambda kind: Q(...))`, returning None for a type the condition excludes. It
pages through its rows without counting them, newest first.

`describe(rows)` then turns a page of rows into `Change`s: the records they belong
to, their authors and the size of each change are read with a few queries per type
present on the page, so a page costs the same whatever its length or the history's.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.functional import cached_property

from review.history import COMPARE, history_url
from review.registry import registered_types

COLUMNS = [
    "history_id",
    "history_date",
    "history_user_id",
    "version",
    "history_change_reason",
    "hidden_at",
    "hidden_reason",
    "record_id",
    "type_index",
]
NEWEST_FIRST = ("-history_date", "-history_id")


def earlier_revisions(history):
    """The revisions in `history` of the outer row's record, made before it, newest first."""
    pk = history.model.instance_type._meta.pk.attname
    before = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return history.filter(before, **{pk: OuterRef(pk)}).order_by(*NEWEST_FIRST)


class Changes:
    """Published revisions of every registered type, newest first (see the module)."""

    # Its rows are of no single model (what django-filter asks of what it filters).
    model = None

    def __init__(self, conditions=()):
        self.conditions = tuple(conditions)

    def all(self):
        return self

    def where(self, condition):
        """Narrowed by `condition(kind)`: a Q on the type's historical rows, or None
        to leave the type out."""
        return Changes((*self.conditions, condition))

    def creations(self):
        """Only each record's first published revision."""
        return self.where(
            lambda kind: ~Exists(earlier_revisions(kind.model.public_history()).values("pk"))
        )

    def parts(self):
        """(index in registered_types(), type, its published revisions that pass)."""
        for index, kind in enumerate(registered_types()):
            history = kind.model.public_history()
            for condition in self.conditions:
                condition = condition(kind)
                if condition is None:
                    break
                history = history.filter(condition)
            else:
                yield index, kind, history

    def rows(self, first=None):
        """The union: dicts of COLUMNS, newest first; with `first`, only enough of it
        for its first `first` rows: each type's part is then its own newest `first`,
        read in index order whatever the planner thinks of the union."""
        if not connection.features.supports_slicing_ordering_in_compound:
            first = None  # SQLite: no LIMIT inside a UNION; its planner merges anyway
        parts = []
        for index, kind, history in self.parts():
            part = history.annotate(
                record_id=F(kind.model._meta.pk.attname),
                type_index=Value(index, output_field=models.IntegerField()),
            ).values(*COLUMNS)
            parts.append(part.order_by(*NEWEST_FIRST)[:first] if first else part.order_by())
        if not parts:
            return []
        if len(parts) == 1:
            return parts[0] if first else parts[0].order_by(*NEWEST_FIRST)
        return parts[0].union(*parts[1:], all=True).order_by(*NEWEST_FIRST)

    def __getitem__(self, index):
        if isinstance(index, slice) and index.stop is not None:
            return self.rows(first=index.stop)[index]
        return self.rows()[index]

    def count(self):
        rows = self.rows()
        return len(rows) if isinstance(rows, list) else rows.count()


def revisions_by(user):
    """Every published revision `user` made, newest first."""
    return Changes([lambda kind: Q(history_user=user)])


@dataclass
class Change:
    kind: object
    record: object
    history_id: int
    version: int
    history_date: datetime
    author: object
    summary: str
    hidden_reason: str
    is_hidden: bool
    # Set by describe(sizes=True): the revision this one changed (None for a creation),
    # and the change in size, in characters.
    previous_id: int | None = None
    size_change: int | None = None

    @property
    def day(self):
        """The day of the change in the site's time zone."""
        return timezone.localdate(self.history_date)

    @property
    def kind_label(self):
        return self.kind.model._meta.verbose_name

    @property
    def record_label(self):
        return str(self.kind.label(self.record))

    @property
    def is_creation(self):
        return self.previous_id is None

    @cached_property
    def history_url(self):
        return history_url(self.record, "history")

    @property
    def url(self):
        # The addresses history_urls() makes under a record's history, derived from
        # it rather than reversed again: a page of changes shows three per change.
        return f"{self.history_url}{self.history_id}/"

    @property
    def diff_url(self):
        if self.previous_id is None:
            return None
        return f"{self.history_url}{COMPARE}?de={self.previous_id}&a={self.history_id}"


def describe(rows, *, sizes=False, authors=False):
    """The Changes of a page of `Changes` rows: two queries per type on the page, at
    most, and one for the authors."""
    rows = list(rows)
    kinds = registered_types()
    wanted = {}
    for row in rows:
        wanted.setdefault(row["type_index"], []).append(row)
    records, measures = {}, {}
    for index, kind_rows in wanted.items():
        kind = kinds[index]
        ids = {row["record_id"] for row in kind_rows}
        records[index] = kind.model.objects.select_related(*kind.related).in_bulk(ids)
        if sizes:
            measures.update(_measures(kind, [row["history_id"] for row in kind_rows], index))
    people = {}
    if authors:
        user_ids = {row["history_user_id"] for row in rows} - {None}
        people = get_user_model().objects.in_bulk(user_ids)
    result = []
    for row in rows:
        record = records[row["type_index"]].get(row["record_id"])
        if record is None:
            continue
        change = Change(
            kind=kinds[row["type_index"]],
            record=record,
            history_id=row["history_id"],
            version=row["version"],
            history_date=row["history_date"],
            author=people.get(row["history_user_id"]),
            summary=row["history_change_reason"] or "",
            hidden_reason=row["hidden_reason"],
            is_hidden=row["hidden_at"] is not None,
        )
        if sizes:
            change.previous_id, change.size_change = measures[
                (row["type_index"], change.history_id)
            ]
        result.append(change)
    return result


def _measures(kind, history_ids, index):
    """{(index, history_id): (previous published revision's id, change in size)}."""
    history = kind.model.public_history()
    size = kind.size_expression()
    earlier = earlier_revisions(history)
    measured = (
        history.filter(history_id__in=history_ids)
        .annotate(
            size=size,
            previous_id=Subquery(earlier.values("history_id")[:1]),
            previous_size=Subquery(earlier.annotate(size=size).values("size")[:1]),
        )
        .values_list("history_id", "size", "previous_id", "previous_size")
    )
    return {
        (index, history_id): (previous_id, size - (previous_size or 0))
        for history_id, size, previous_id, previous_size in measured
    }
