"""Answer a flood of saves and previews before it costs anything.

Once an account is over its edit limit (see review.editing.edit_limit_reached), this
process remembers its session until the window ends, and answers its next saves
and previews in the first middleware that can: no session, account, record or
rate-limit query, no form built. The answer still says why and gives back what
was sent. Each process remembers for itself: the shared counters stay the rule,
this only spares the database the requests they already refuse.
"""

import threading
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

MAX_REMEMBERED = 10_000

_until = {}  # session key -> (time the refusal ends, {field name: label})
_lock = threading.Lock()


def remember(request, labels):
    """Refuse this session's saves and previews here until the burst window ends."""
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session:
        return
    _count, window = settings.RATE_LIMITS["edit-burst"]
    now = time.time()
    with _lock:
        if len(_until) >= MAX_REMEMBERED:
            for key in [key for key, (until, _) in _until.items() if until <= now]:
                del _until[key]
            if len(_until) >= MAX_REMEMBERED:
                return
        # The end of the current window: a fixed window, like the shared counter's.
        _until[session] = ((now // window + 1) * window, labels)


def forget_all():
    with _lock:
        _until.clear()


def refused_page(request, labels):
    sent = [
        (labels.get(name, name), value)
        for name, value in request.POST.items()
        if name in labels and value
    ]
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "review/throttled_light.html", {"sent": sent, "form_url": request.get_full_path()}
        )


class ThrottledEditorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _until:
            session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            entry = _until.get(session) if session else None
            if entry is not None and entry[0] > time.time() and _is_edit(request):
                from django.http import HttpResponse

                response = HttpResponse(refused_page(request, entry[1]), status=429)
                response["Retry-After"] = str(max(1, int(entry[0] - time.time())))
                return response
        return self.get_response(request)


def _is_edit(request):
    """A save or a preview of a reviewed record: a POST with an edit summary."""
    return "edit_summary" in request.POST
