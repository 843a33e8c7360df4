"""Keeping the full-text index in step with published content.

Every save of a record of a registered type indexes it again, in the transaction
that saves it (an edit rolled back leaves the index as it was): its entry is written
while the record is public, deleted when it stops being so (a dossier unpublished, a
row removed from its sheet). The database keeps its own full-text structures in step
with the entries (search.models). A record whose change alters other records'
entries (a dossier's title, commune or visibility, for the rows of its sheet) names
them in its type's `search_dependents`, indexed again then only.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import translation

from review.registry import registered_types, reviewed_type
from search.models import SearchEntry

# What a record's dependents read of its entry: when none of it changes, they are not
# indexed again.
DEPENDED_ON = ("title", "city_id", "path")


def connect():
    for kind in registered_types():
        uid = f"search-index-{kind.model._meta.label}"
        post_save.connect(on_save, sender=kind.model, dispatch_uid=uid)
        post_delete.connect(on_delete, sender=kind.model, dispatch_uid=uid)


def on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance)


def on_delete(sender, instance, **kwargs):
    entries(instance).delete()


def entries(record):
    return SearchEntry.objects.filter(kind=record._meta.model_name, object_id=record.pk)


def index(record, *, dependents=True):
    """Write (or delete) `record`'s entry, and its dependents' when they need it."""
    kind = reviewed_type(record)
    before = entries(record).values(*DEPENDED_ON).first()
    if not kind.is_public(record):
        entries(record).delete()
        after = None
    else:
        after = entry_values(kind, record)
        SearchEntry.objects.update_or_create(
            kind=record._meta.model_name, object_id=record.pk, defaults=after
        )
    if dependents and _changed(before, after):
        for dependent in kind.search_dependents(record):
            index(dependent, dependents=False)


def _changed(before, after):
    if before is None or after is None:
        return before is not after
    return any(before[name] != after[name] for name in DEPENDED_ON)


def entry_values(kind, record):
    document = kind.search_document(record)
    city = kind.owner(record, "city")
    dossier = kind.owner(record, "dossier")
    with translation.override("fr"):
        path = record.get_absolute_url()
    return {
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "sections": [list(section) for section in document.sections],
        "path": path,
        "city_id": city.pk if city else None,
        "department_id": city.department_id if city else None,
        "dossier_id": dossier.pk if dossier else None,
        "group": kind.search_order,
    }


def rebuild():
    """Index every public record again, from nothing; returns how many entries. A
    record published meanwhile keeps the entry its own save wrote (which is newer)."""
    SearchEntry.objects.all().delete()
    count = 0
    for kind in registered_types():
        records = kind.model.objects.public().select_related(*kind.related)
        batch = []
        for record in records.iterator(chunk_size=500):
            batch.append(
                SearchEntry(
                    kind=record._meta.model_name, object_id=record.pk, **entry_values(kind, record)
                )
            )
            if len(batch) == 500:
                SearchEntry.objects.bulk_create(batch, ignore_conflicts=True)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch, ignore_conflicts=True)
        count += len(batch)
    return count
