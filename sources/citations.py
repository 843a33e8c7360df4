"""From the keys a text cites to its numbered reference list, and the stored links."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review.models import ChangeRequest
from sources.answering import is_request_key, requests_named
from sources.models import Source


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    source: Source | None  # None: no published source has this key
    in_text: bool = True  # False: only the structured sheet cites it
    # A request for documents cited while its documents are awaited (sources.answering).
    request: object = None


def references(keys):
    """The reference list of a text citing `keys` (in order of first citation)."""
    found = {}
    source_keys = [key for key in keys if not is_request_key(key)]
    if source_keys:
        found = {
            source.key: source
            for source in Source.objects.with_document().filter(key__in=source_keys)
        }
    requests = requests_named(keys)
    return [
        Reference(number, key, found.get(key), request=requests.get(key))
        for number, key in enumerate(keys, 1)
    ]


def unknown_keys_error(keys):
    """A message for the author if some cited keys name no published source (or, for
    « demande-… » keys, no request for documents), else None."""
    if not keys:
        return None
    request_keys = [key for key in keys if is_request_key(key)]
    found_requests = requests_named(request_keys)
    missing_requests = [key for key in request_keys if key not in found_requests]
    if missing_requests:
        return (
            ngettext(
                "Aucune demande de documents n’a la clé %(keys)s.",
                "Aucune demande de documents n’a les clés %(keys)s.",
                len(missing_requests),
            )
            % {"keys": ", ".join(f"[@{key}]" for key in missing_requests)}
            + " "
            + _("Notez d’abord la demande (menu « Demandes »), puis citez sa clé.")
        )
    keys = [key for key in keys if not is_request_key(key)]
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
