"""From the keys a text cites to its numbered reference list, and the stored links."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.page_cache import new_generation
from review.models import ChangeRequest
from sources.models import Citation, Source


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    source: Source | None  # None: no published source has this key
    in_text: bool = True  # False: only the structured sheet cites it


def references(keys):
    """The reference list of a text citing `keys` (in order of first citation)."""
    found = {}
    if keys:
        found = {
            source.key: source for source in Source.objects.with_document().filter(key__in=keys)
        }
    return [Reference(number, key, found.get(key)) for number, key in enumerate(keys, 1)]


def stored_references(dossier):
    """A dossier's reference list from the links stored when its text was saved."""
    citations = Citation.objects.filter(dossier=dossier).select_related("source__document")
    return [Reference(c.position, c.source.key, c.source, c.in_text) for c in citations]


def stored_text_keys(dossier):
    """The keys a dossier's text cites, in order, as stored when the text was saved."""
    return list(
        Citation.objects.filter(dossier=dossier, in_text=True)
        .order_by("position")
        .values_list("source__key", flat=True)
    )


def unknown_keys_error(keys):
    """A message for the author if some cited keys name no published source, else None."""
    if not keys:
        return None
    known = set(Source.objects.filter(key__in=keys).values_list("key", flat=True))
    unknown = [key for key in keys if key not in known]
    if not unknown:
        return None
    pending = set(
        ChangeRequest.objects.pending()
        .filter(
            content_type=ContentType.objects.get_for_model(Source),
            object_id=None,
            proposed__key__in=unknown,
        )
        .values_list("proposed__key", flat=True)
    )
    message = ngettext(
        "Aucune source publiée n’a la clé %(keys)s.",
        "Aucune source publiée n’a les clés %(keys)s.",
        len(unknown),
    ) % {"keys": ", ".join(f"[@{key}]" for key in unknown)}
    if pending:
        message += " " + _("%(keys)s attend encore une relecture : citez-la une fois publiée.") % {
            "keys": ", ".join(f"[@{key}]" for key in sorted(pending))
        }
    return (
        message
        + " "
        + _("Vérifiez l’orthographe de la clé, ou ajoutez d’abord la source (menu « Sources »).")
    )


def store_citations(dossier, text_keys, sheet_keys=()):
    """Record which sources the dossier cites: its text's keys numbered as in the text,
    then the keys only its structured sheet cites."""
    sheet_only = [key for key in dict.fromkeys(sheet_keys) if key not in text_keys]
    keys = [*text_keys, *sheet_only]
    ids = dict(Source.objects.filter(key__in=keys).values_list("key", "id")) if keys else {}
    Citation.objects.filter(dossier=dossier).delete()
    Citation.objects.bulk_create(
        Citation(
            dossier=dossier,
            source_id=ids[key],
            position=number,
            in_text=number <= len(text_keys),
        )
        for number, key in enumerate(keys, 1)
        if key in ids
    )
    new_generation()
