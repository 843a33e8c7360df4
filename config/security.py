"""Response headers that Django's SecurityMiddleware does not set, and request limits."""

import re

from csp.constants import NONE, SELF
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

# The API answers in JSON, errors included, in the language of its address.
API_PATH = re.compile(r"^/(?P<english>en/)?api/")

# Device features no page of this site uses; a script injected despite the CSP
# could not reach them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in ("camera", "microphone", "geolocation", "payment", "usb")
)


def content_security_policy():
    """Everything from this site only; no inline script, no plugin, no framing."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF],
            "font-src": [SELF],
            "connect-src": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
            "object-src": [NONE],
            "base-uri": [NONE],
        }
    }


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class QueryStringLimitMiddleware:
    """Refuse an address whose query string no form of the site could have made (414)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_QUERY_STRING_LENGTH
        if len(request.META.get("QUERY_STRING", "")) > limit:
            if api := API_PATH.match(request.path_info):
                with translation.override("en" if api["english"] else "fr"):
                    detail = gettext(
                        "Adresse trop longue : une requête compte au plus %(limit)s caractères."
                    ) % {"limit": limit}
                return JsonResponse({"detail": detail}, status=414)
            # A page of its own, before sessions and languages: it needs neither.
            return HttpResponse(
                render_to_string("414.html", {"home": "/", "search": "/recherche/"}),
                status=414,
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)
