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
    """Refuse this session's saves and previews here until the burst window ends;
    returns that time."""
    _count, window = settings.RATE_LIMITS["edit-burst"]
    now = time.time()
    # The end of the current window: a fixed window, like the shared counter's.
    until = (now // window + 1) * window
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session:
        return until
    with _lock:
        if len(_until) >= MAX_REMEMBERED:
            for key in [key for key, (end, _) in _until.items() if end <= now]:
                del _until[key]
        if len(_until) < MAX_REMEMBERED:
            _until[session] = (until, labels)
    return until


def forget_all():
    with _lock:
        _until.clear()


def page_context(request, labels):
    """What both refusal pages show: each field sent, under its label, and the way back."""
    sent = [(label, request.POST[name]) for name, label in labels.items() if request.POST.get(name)]
    return {"sent": sent, "form_url": request.get_full_path()}


def retry_after(until):
    return str(max(1, int(until - time.time())))


class ThrottledEditorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _until:
            session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            entry = _until.get(session) if session else None
            if entry is not None and entry[0] > time.time() and _is_edit(request):
                from django.http import HttpResponse

                with translation.override(settings.LANGUAGE_CODE):
                    page = render_to_string(
                        "review/throttled_light.html", page_context(request, entry[1])
                    )
                response = HttpResponse(page, status=429)
                response["Retry-After"] = retry_after(entry[0])
                return response
        return self.get_response(request)


def _is_edit(request):
    """A save or a preview of a reviewed record: a POST with an edit summary."""
    return "edit_summary" in request.POST
