"""A contributor's published revisions of every reviewed type, newest first.

One query (a UNION over the history tables of the registered types) lists them
and pages through them; the records they belong to are then read with one query
per type present on the page, so a page costs the same whatever its length.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Value

from review.history import history_url
from review.registry import registered_types

COLUMNS = [
    "history_id",
    "history_date",
    "version",
    "history_change_reason",
    "hidden_at",
    "hidden_reason",
    "record_id",
    "type_index",
]


@dataclass
class Contribution:
    kind_label: str
    record_label: str
    url: str
    version: int
    history_date: datetime
    summary: str
    hidden_reason: str
    is_hidden: bool


def revisions_by(user):
    """Rows (dicts of COLUMNS) of every published revision `user` made, newest first."""
    parts = [
        kind.model.public_history()
        .filter(history_user=user)
        .annotate(record_id=F(kind.model._meta.pk.attname), type_index=Value(index))
        .values(*COLUMNS)
        .order_by()
        for index, kind in enumerate(registered_types())
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def contributions(rows):
    """The Contributions of a page of `revisions_by()` rows."""
    rows = list(rows)
    kinds = registered_types()
    wanted = {}
    for row in rows:
        wanted.setdefault(row["type_index"], set()).add(row["record_id"])
    records = {
        index: kinds[index].model.objects.select_related(*kinds[index].related).in_bulk(ids)
        for index, ids in wanted.items()
    }
    result = []
    for row in rows:
        kind = kinds[row["type_index"]]
        record = records[row["type_index"]].get(row["record_id"])
        if record is None:
            continue
        result.append(
            Contribution(
                kind_label=kind.model._meta.verbose_name,
                record_label=str(kind.label(record)),
                url=history_url(record, "revision", row["history_id"]),
                version=row["version"],
                history_date=row["history_date"],
                summary=row["history_change_reason"] or "",
                hidden_reason=row["hidden_reason"],
                is_hidden=row["hidden_at"] is not None,
            )
        )
    return result
