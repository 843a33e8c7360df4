"""Caching of rendered public content, keyed by the content generation.

Whole pages are kept for anonymous readers, and the shared part of list and history
pages (everything but the header) for signed-in users too. Both are stored under the
current content generation (ContentGeneration): any change to published content
draws a new one, so nothing cached outlives the content it shows. Signed-in users'
whole pages, and any response that sets a cookie (a form's CSRF token, a message),
are never cached.

Each process reads the generation from the database at most once a second: a
change made through another app server reaches this one's readers within that
second; a change made in this process is seen at its next request.
"""

import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.utils.safestring import mark_safe

from core.models import ContentGeneration

PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


GENERATION_CHECK_SECONDS = 1.0
clock = time.monotonic
# ((token, when it was drawn), monotonic time it was read); a tuple so threads swap
# it in one assignment.
_last_read = (None, float("-inf"))
# Set in a thread whose open transaction drew a new generation: until it commits, that
# token names content other connections cannot see yet, and must not be remembered.
_uncommitted = threading.local()


def new_generation():
    """Call after writing published content that model signals do not see (bulk writes)."""
    ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID).update(
        token=secrets.randbits(62), changed_at=timezone.now()
    )
    forget_generation()
    if connection.in_atomic_block:
        _uncommitted.write = True
        transaction.on_commit(forget_generation)


def forget_generation():
    global _last_read
    _last_read = (None, float("-inf"))
    _uncommitted.write = False


def current_generation():
    """The token of the content generation (None before the first migration)."""
    state = generation_state()
    return None if state is None else state[0]


def generation_state():
    """(token, when it was drawn) of the content generation, or None."""
    global _last_read
    if getattr(_uncommitted, "write", False):
        if connection.in_atomic_block:
            return read_generation()
        _uncommitted.write = False  # the transaction was rolled back
    state, read_at = _last_read
    now = clock()
    if now - read_at < GENERATION_CHECK_SECONDS:
        return state
    state = read_generation()
    _last_read = (state, now)
    return state


def read_generation():
    return (
        ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID)
        .values_list("token", "changed_at")
        .first()
    )


def address_of(request):
    """What keys a page or a part of it: a digest of its full address (get_host()
    refuses a Host outside ALLOWED_HOSTS with a 400, as a built page would)."""
    return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


def fragment_cache(request):
    """Context for templates' {% cache %} of shared fragments: the generation to key
    them by, and for how long (0, not cached, when there is no generation)."""
    if settings.PAGE_CACHE_SECONDS == 0:
        return {"fragment_cache_seconds": 0}
    generation = current_generation()
    seconds = settings.PAGE_CACHE_SECONDS if generation is not None else 0
    return {"content_generation": generation, "fragment_cache_seconds": seconds}


def shared_fragment(request, name, build):
    """The HTML `build()` renders, kept for everyone who asks the same address until
    content changes: for a part of a page whose building costs more than reading it
    (search results), which a view builds only when it is not kept. The generation is
    read before building, so nothing is kept under a newer one than it shows."""
    generation = current_generation() if settings.PAGE_CACHE_SECONDS > 0 else None
    if generation is None:
        return build()
    address = address_of(request)
    key = f"fragment:{name}:{generation}:{address}"
    pages = caches["pages"]
    html = pages.get(key)
    if html is None:
        html = build()
        pages.set(key, str(html), settings.PAGE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- a rendered template, kept as it was rendered


def content_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        new_generation()


def watch(*models):
    """Draw a new generation whenever a row of one of `models` is saved or deleted.

    Each app whose records public pages show watches its own models (in its
    AppConfig.ready), so this module knows no app.
    """
    for model in models:
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)


def same_for_everyone(view):
    """Keep `view`'s successful answers, identical for every reader (a feed), under
    the content generation for everyone, signed in or not, as whole pages are kept
    for anonymous readers."""

    def cached_view(request, *args, **kwargs):
        generation = current_generation() if settings.PAGE_CACHE_SECONDS > 0 else None
        if generation is None or request.method != "GET":
            return view(request, *args, **kwargs)
        address = address_of(request)
        key = f"shared:{generation}:{address}"
        pages = caches["pages"]
        stored = pages.get(key)
        if stored is not None:
            return kept_response(request, stored)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()  # a template's (or REST framework's) answer, rendered once
        if PublicPageCacheMiddleware.cacheable_response(response):
            pages.set(key, (response.content, dict(response.headers)), settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view


def with_validators(response, drawn_at):
    """An anonymous reader's page, as a browser or a proxy may keep it: an ETag of its
    bytes, a Last-Modified that is when the content generation it was built under was
    drawn (nothing it shows changed since), and `public, no-cache`, so that whoever
    keeps it asks again each time and is answered 304 while it is still the page."""
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    if drawn_at is not None:
        response["Last-Modified"] = http_date(drawn_at.timestamp())
    response["Cache-Control"] = "public, no-cache"
    return response


def kept_response(request, stored):
    """The response kept as `stored` (content, headers); a 304 when it carries
    validators (ETag, Last-Modified) the request's conditional headers match."""
    content, headers = stored
    response = HttpResponse(content, headers=headers)
    etag, modified = headers.get("ETag"), parse_http_date_safe(headers.get("Last-Modified"))
    if etag is None and modified is None:
        return response
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        state = generation_state()
        if state is None:
            return self.get_response(request)
        generation, drawn_at = state
        address = address_of(request)
        key = f"page:{generation}:{address}"
        stored = self.cache.get(key)
        if stored is not None:
            return kept_response(request, stored)
        response = self.get_response(request)
        if self.cacheable_response(response):
            with_validators(response, drawn_at)
            seconds = settings.PAGE_CACHE_SECONDS
            self.cache.set(key, (response.content, dict(response.headers)), seconds)
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        )

    @staticmethod
    def cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
