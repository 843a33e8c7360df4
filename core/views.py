import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Pages for people at work, not for search engines (they also say noindex), in each
# language; the administration has a single address.
PRIVATE_PATHS = ("/moderation/", "/compte/", "/en/moderation/", "/en/compte/", "/admin/")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# How long a reader is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The answer to an unexpected error: 503 with Retry-After when the database does
    not answer (a restart, a failover), 500 otherwise. Rendered without the request,
    so that nothing in it needs the database."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
