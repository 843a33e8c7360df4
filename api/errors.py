"""The API's errors in the reader's language.

REST framework is not an installed app here: its catalogue would replace the
wording of Django's own form messages across the whole site. The few messages of
its own that this API answers with are said here instead, in the site's catalogues.
"""

import math

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(error, context):
    response = exception_handler(error, context)
    if response is None:
        return None
    detail = message_for(error, context["request"])
    if detail is not None:
        response.data = {"detail": detail}
    return response


def message_for(error, request):
    """Our words for REST framework's own messages; None to keep what was raised with
    a message of this API's (an invalid cursor, a page out of range)."""
    if isinstance(error, exceptions.MethodNotAllowed):
        return _("La méthode %(method)s n’est pas permise : l’API se lit seulement.") % {
            "method": request.method
        }
    if isinstance(error, exceptions.NotAcceptable):
        return _("L’API ne répond qu’en JSON.")
    if isinstance(error, exceptions.Throttled):
        seconds = math.ceil(error.wait or 1)
        return _("Trop de requêtes : réessayez dans %(seconds)d s.") % {"seconds": seconds}
    if isinstance(error, Http404) or (
        isinstance(error, exceptions.NotFound)
        and error.detail == exceptions.NotFound.default_detail
    ):
        return _("Introuvable.")
    return None
