"""From the keys a text cites to its numbered reference list, and the stored links."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review.models import ChangeRequest
from sources.models import Source


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
