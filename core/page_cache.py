"""Caching of rendered public content, invalidated by what each item depends on.

Whole pages are kept for anonymous readers, for everyone; a signed-in reader's
pages for their session alone; and parts of pages (fragments) that are the same for
every reader, for everyone. Each is kept with the tags it depends on
(core.cache_tags): a publication invalidates the pages that show what changed, not
every page. A response that sets a cookie of its own (a first CSRF token, a
message), shows a message, or whose building wrote to the database, is never kept.

A kept page that is outdated is served once more to the readers who ask while one
request builds it again (a lock per page, so one build, not one per reader).

An anonymous reader's page is keyed by its address with only the query parameters its
view reads (`cache_params`, or derived from its pagination and filters): the others
are removed before the view runs, so `?x=<random>` is the same page, never a new build.
A view's `cache_covers` lists the models whose tables it reads only for records it
loads or that name it as a parent (core.cache_tags.covers).

The content generation (a row of the database, drawn again by any publication) stays
for what changes with all content (the API's validators, feeds), and tells a process
without a shared tag store (no Redis: `make run`, or a single app server) that another
process changed something: each process reads it at most once a second, and a token it
did not draw itself outdates everything it kept.
"""

import collections
import contextvars
import hashlib
import re
import secrets
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.forms import MultiWidget
from django.http import HttpResponse, QueryDict
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.utils.safestring import mark_safe

from core import cache_tags
from core.models import ContentGeneration

PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

CACHE_STATE_HEADER = "X-Page-Cache"
# Where KeptPagesApplication leaves the outdated or missing page it read, for the
# middleware: (its key, the item or None).
OUTDATED_PAGE = "core.page_cache.outdated"
# Set in the environ of a request KeptPagesApplication answered, Django's request
# handling never run: gunicorn's hooks (config/gunicorn.conf.py) do not count it.
KEPT_ANSWER = "core.page_cache.kept"
GENERATION_CHECK_SECONDS = 1.0
# How long one request may hold the right to rebuild an outdated page: past it (the
# request died), another reader takes it.
REBUILD_LOCK_SECONDS = 30
clock = time.monotonic
# ((token, when it was drawn), monotonic time it was read); a tuple so threads swap
# it in one assignment.
_last_read = (None, float("-inf"))
# Set in a thread whose open transaction drew a new generation: until it commits, that
# token names content other connections cannot see yet, and must not be remembered.
_uncommitted = threading.local()
# The tokens this process drew: seeing one of them is no news from another process.
_drawn_here = collections.deque(maxlen=256)


def new_generation():
    """Draw a new content generation: call after writing published content."""
    token = secrets.randbits(62)
    _drawn_here.append(token)
    ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID).update(
        token=token, changed_at=timezone.now()
    )
    forget_generation(keep_token=True)
    if connection.in_atomic_block:
        _uncommitted.write = True
        transaction.on_commit(forget_generation)


def forget_generation(keep_token=False):
    global _last_read
    state, _read_at = _last_read
    _last_read = (state if keep_token else None, float("-inf"))
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
    latest = read_generation()
    if (
        state is not None
        and latest is not None
        and latest[0] != state[0]
        and latest[0] not in _drawn_here
        and not settings.CACHE_TAGS_SHARED
    ):
        # Another process published, and its invalidations did not reach this
        # process's own tag store: whatever this process kept may be outdated.
        cache_tags.bump({cache_tags.EVERYTHING})
    _last_read = (latest, now)
    return latest


def read_generation():
    return (
        ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID)
        .values_list("token", "changed_at")
        .first()
    )


def address_of(request):
    """What keys a page or a part of it: a digest of its full address (get_host()
    refuses a Host outside ALLOWED_HOSTS with a 400, as a built page would)."""
    # Not build_absolute_uri(), which a kept page served paid a tenth of its time for.
    address = (
        f"{request.scheme}://{request.get_host()}{request.path}"
        f"?{request.META.get('QUERY_STRING', '')}"
    )
    return hashlib.sha256(address.encode()).hexdigest()


# Kept items: (content, headers or None, sequence number it was built at, its tags).


def keep(
    key,
    build,
    *,
    lock=False,
    servable=None,
    before_keeping=None,
    part=False,
    rebuild=None,
    read=None,
):
    """What `build()` returns, kept under `key` until something it read changes: a
    (content, headers, built_at, tags) item, and where it came from: "hit" (kept and
    current), "stale" (kept, outdated, served while another request builds it) or
    "miss" (built now). A kept item is served only if `servable()`, when given, says
    it may be (asked only then: it may cost a query).

    `build()` returns (content, headers), or None for something not to keep;
    `before_keeping(item, dependencies)` may complete the item's headers. With
    `lock`, an outdated item is served again while one caller builds it anew, by
    `rebuild(outdated item)` when given. With `part`, what the item depends on is
    added to the enclosing build's as one of its kept parts (core.cache_tags). `read`
    is what get_kept() answered for `key` already, if it was asked.
    """
    store = caches["pages"]
    item, current = cache_tags.get_kept(store, key) if read is None else read
    if item is not None:
        tags = item[3]
        if current and (servable is None or servable()):
            cache_tags.depends_on(*tags, part=part)
            return item, "hit"
        if lock and not cache_tags.fast_set(
            store, f"rebuilding:{key}", 1, REBUILD_LOCK_SECONDS, only_new=True
        ):
            cache_tags.depends_on(*tags, part=part)
            return item, "stale"
    # Only the reader who took the right to rebuild an outdated item gives it back.
    locked = lock and item is not None
    try:
        built_at = cache_tags.sequence()
        with cache_tags.collecting(part=part) as dependencies:
            built = rebuild(item) if locked and rebuild is not None else build()
        if built is None:
            return None, "miss"
        item = (*built, built_at, frozenset(dependencies.all_tags()))
        if before_keeping is not None:
            before_keeping(item, dependencies)
        if not dependencies.wrote:
            cache_tags.put_kept(store, key, item, settings.PAGE_CACHE_SECONDS)
        return item, "miss"
    finally:
        if locked:
            cache_tags.fast_delete(store, f"rebuilding:{key}")


# A page built again from its kept parts.
#
# While an anonymous reader's page is built, each kept part at its top level is marked
# in the HTML; the marks are taken out before the page is kept, and beside the page
# are kept where each part lies and the tags of what the page shows outside its parts
# (its recipe). When the page is outdated but those tags are not, it is built again
# from its parts: those still current as they are in the page, the others alone, by
# the function their name registers (rebuilt_alone()), without the view. Any doubt
# (no recipe, or one of another build, a part no function builds alone), and the
# view builds the page.

PART_START, PART_END = "\x00part:", "\x00end\x00"
PART_MARKS = re.compile(rb"\x00part:(\d+)\x00|\x00end\x00")
_recording = contextvars.ContextVar("page_parts", default=None)
_rebuilders = {}


def rebuilt_alone(*names):
    """Register a function that builds the kept parts named `names` without their
    page, called with a part's name and the values it varies with (a record as its
    tag), in the page's language. It returns the part's HTML as the page would show
    it, or None when it cannot; what it reads is what the part depends on."""

    def register(function):
        for name in names:
            _rebuilders[name] = function
        return function

    return register


class PartsRecording:
    """The kept parts at the top level of a page being built, in order."""

    def __init__(self):
        # (key, name, values, language, tags) of each part
        self.parts = []
        self.inside = False
        # [(start, end, *part)] once the marks are taken out, or None
        self.recipe = None

    @contextmanager
    def active(self):
        token = _recording.set(self)
        try:
            yield self
        finally:
            _recording.reset(token)

    def marked(self, key, name, values, language, tags, html):
        index = len(self.parts)
        self.parts.append((key, name, values, language, tags))
        return f"{PART_START}{index}\x00{html}{PART_END}"

    def strip(self, response):
        """Take the marks out of the response, and note where each part lies."""
        if not self.parts or response.streaming:
            return
        content = response.content
        pieces, recipe, position, length, opened = [], [], 0, 0, None
        in_order = True
        for mark in PART_MARKS.finditer(content):
            pieces.append(content[position : mark.start()])
            length += len(pieces[-1])
            position = mark.end()
            if mark[1] is not None:
                in_order &= opened is None and int(mark[1]) == len(recipe)
                opened = (int(mark[1]), length)
            elif opened is not None:
                index, start = opened
                recipe.append((start, length, *self.parts[index]))
                opened = None
            else:
                in_order = False
        pieces.append(content[position:])
        response.content = b"".join(pieces)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        # A part shown twice, or not at all (rendered into a variable): no recipe.
        if in_order and opened is None and len(recipe) == len(self.parts):
            self.recipe = recipe


def reassembled(item, recipe):
    """(the marked HTML of the outdated page `item` built again from its parts, the
    recording of its parts), or None."""
    built_at = item[2]
    if recipe is None or recipe["built_at"] != built_at or recipe["etag"] != item[1].get("ETag"):
        return None
    tags = set(recipe["shell"]).union(*(part[-1] for part in recipe["parts"]))
    numbers = dict(zip(tags, cache_tags.numbers_of(list(tags)), strict=True))

    def current(tags):
        return all(numbers[tag] is None or numbers[tag] <= built_at for tag in tags)

    if not current(recipe["shell"]):
        return None
    cache_tags.depends_on(*recipe["shell"])
    recording = PartsRecording()
    content, pieces, position = item[0], [], 0
    for start, end, key, name, values, language, part_tags in recipe["parts"]:
        pieces.append(content[position:start])
        position = end
        if current(part_tags):
            cache_tags.depends_on(*part_tags, part=True)
            html = content[start:end].decode()
        else:
            part = rebuilt_part(key, name, values, language)
            if part is None:
                return None
            html, part_tags = part[0], part[3]
        pieces.append(recording.marked(key, name, values, language, part_tags, html).encode())
    pieces.append(content[position:])
    return b"".join(pieces), recording


def rebuilt_part(key, name, values, language):
    """The kept item of a part built alone (or kept by another reader meanwhile)."""
    rebuild = _rebuilders.get(name)
    if rebuild is None:
        return None

    def build():
        html = rebuild(name, *values)
        return None if html is None else (str(html), None)

    # Outdated in the page, as far as the page knows: built without asking again.
    with translation.override(language):
        item, _state = keep(key, build, part=True, read=(None, False))
    return item


def kept_fragment(name, parts, build):
    """The HTML `build()` renders, kept for everyone under `name` and `parts` (what it
    varies with) until something it read changes; what it read is added to the
    dependencies of the page that includes it, whether it was built or kept."""
    if settings.PAGE_CACHE_SECONDS == 0:
        return build()
    language = translation.get_language()
    key = kept_key("fragment", f"{name}:{language}", parts)
    recording = _recording.get()
    if recording is None or recording.inside:
        item, _state = keep(key, lambda: (str(build()), None))
        return mark_safe(item[0])  # noqa: S308 -- a rendered template, kept as it was rendered
    recording.inside = True
    try:
        item, _state = keep(key, lambda: (str(build()), None), part=True)
    finally:
        recording.inside = False
    return mark_safe(recording.marked(key, name, parts, language, item[3], item[0]))  # noqa: S308


def kept_value(name, parts, compute):
    """What `compute()` returns (picklable), kept for everyone under `name` and
    `parts` until something it read changes, as kept_fragment() keeps HTML."""
    if settings.PAGE_CACHE_SECONDS == 0:
        return compute()
    item, _state = keep(kept_key("value", name, parts), lambda: (compute(), None))
    return item[0]


def kept_key(kind, name, parts):
    """The key of a kept fragment or value: its name and a digest of what it varies with."""
    return f"{kind}:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def shared_fragment(request, name, build):
    """A fragment that varies with the full address: for a part of a page whose
    building costs more than reading it (search results)."""
    return kept_fragment(name, address_of(request), build)


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

    cached_view.cache_params = getattr(view, "cache_params", None)
    return cached_view


def with_validators(response):
    """An anonymous reader's page, as a browser or a proxy may keep it: an ETag of its
    bytes and a Last-Modified that is when it was built. A browser asks again each
    time (max-age=0) and is answered 304 while it is still the page; a caching proxy
    keeps it as long as the app would (s-maxage), until told that it changed
    (core.proxy)."""
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    response["Last-Modified"] = http_date(time.time())
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}"
    return response


def kept_response(request, stored):
    """The response kept as `stored` (content, headers); a 304 when it carries
    validators (ETag, Last-Modified) the request's conditional headers match."""
    content, headers = stored[:2]
    response = HttpResponse(content, headers=headers)
    etag, modified = headers.get("ETag"), parse_http_date_safe(headers.get("Last-Modified"))
    if etag is None and modified is None:
        return response
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


# Which query parameters a page reads.


def filterset_params(filterset_class):
    """The query parameters a django-filter FilterSet reads: its filters' names, or
    for a multi-part widget the names of its parts (a range's name_min and name_max)."""
    names = set()
    for name, declared in filterset_class.base_filters.items():
        widget = declared.field.widget
        suffixes = getattr(widget, "suffixes", None)  # django-filter's suffixed widgets
        if suffixes is not None:
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        elif isinstance(widget, MultiWidget):
            names.update(f"{name}{suffix}" for suffix in widget.widgets_names)
        else:
            names.add(name)
    return names


# A view's cache_params that keeps every parameter (the API, throttled, whose
# filters and cursors are many).
ALL_PARAMS = "*"

_params_of_view = {}
# {path: the view that answers it} (the path names its language), for the pages
# kept: resolving an address costs as much as serving a kept page. Bounded, as
# addresses are not.
_view_at = {}
VIEWS_REMEMBERED = 10_000


def params_of(view):
    """The query parameters `view` reads: its `cache_params` (names, and FilterSet
    classes for their fields), else its page number and its filterset's fields (a
    class-based list), else none."""
    if view not in _params_of_view:
        declared = getattr(view, "cache_params", None)
        kind = getattr(view, "view_class", view)
        if declared is None:
            declared = getattr(kind, "cache_params", None)
        if declared is None:
            declared = [getattr(kind, "filterset_class", None)]
            if getattr(kind, "paginate_by", None):
                declared.append(getattr(kind, "page_kwarg", "page"))
        if declared != ALL_PARAMS:
            names = set()
            for item in declared:
                if isinstance(item, str):
                    names.add(item)
                elif item is not None:  # a FilterSet class
                    names |= filterset_params(item)
            declared = frozenset(names)
        _params_of_view[view] = declared
    return _params_of_view[view]


def session_store():
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore()


def view_of(request):
    """The view that answers the request's address, or None."""
    path = request.path_info
    if path in _view_at:
        return _view_at[path]
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            view = resolve(path).func
        except Resolver404:
            view = None
    if len(_view_at) >= VIEWS_REMEMBERED:
        _view_at.clear()
    _view_at[path] = view
    return view


def keep_read_params(request, view):
    """Remove the query parameters `view` does not read, before it runs."""
    if not request.GET:
        return
    wanted = params_of(view) if view is not None else frozenset()
    if wanted == ALL_PARAMS:
        return
    kept = QueryDict(mutable=True)
    for name in request.GET:
        if name in wanted:
            kept.setlist(name, request.GET.getlist(name))
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.GET = kept
        request.META["QUERY_STRING"] = query


def page_view(request):
    """The view of a page that may be kept: one answered by a view (not a static file,
    not a page not found) to a GET whose query string the site accepts (414
    otherwise, even once shortened); else None."""
    if (
        request.method != "GET"
        or len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH
    ):
        return None
    return view_of(request)


def page_key(request):
    """The key of an anonymous reader's page, its unread parameters removed."""
    return f"page:{address_of(request)}"


class KeptPagesApplication:
    """WSGI: an anonymous reader's kept and current page, answered before Django's
    request handling, which the middleware below would otherwise run for it.

    The page was kept by PublicPageCacheMiddleware, first of the middleware: its
    headers are those every other middleware had set. Whatever is not a plain
    anonymous GET of a current page (a conditional GET, a cross-origin request, a
    page outdated or never kept, a shared tag store missing) goes to Django, whose
    middleware answers it as before.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = self.kept_answer(environ)
        if answer is None:
            return self.application(environ, start_response)
        content, headers = answer
        environ[KEPT_ANSWER] = True
        start_response("200 OK", [*headers.items(), (CACHE_STATE_HEADER, "hit")])
        return [content]

    @staticmethod
    def kept_answer(environ):
        if (
            not settings.CACHE_TAGS_SHARED
            or settings.PAGE_CACHE_SECONDS == 0
            # Answered by Django: 304s, and CORS headers, which depend on the Origin.
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
            or "HTTP_ORIGIN" in environ
        ):
            return None
        request = WSGIRequest(environ)
        view = page_view(request)
        if view is None or not PublicPageCacheMiddleware.anonymous_read(request):
            return None
        keep_read_params(request, view)
        try:
            key = page_key(request)
        except DisallowedHost:  # Django answers it 400
            return None
        item, current = cache_tags.get_kept(caches["pages"], key)
        if item is None or not current:
            # Django builds it: the middleware need not read it again.
            environ[OUTDATED_PAGE] = (key, item)
            return None
        return item[0], item[1]


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = page_view(request)
        if view is None:
            return self.get_response(request)
        if self.signed_in_read(request):
            return self.signed_in_page(request)
        if not self.anonymous_read(request):
            return self.get_response(request)
        keep_read_params(request, view)
        if settings.PAGE_CACHE_SECONDS == 0:
            return self.get_response(request)
        # With a shared tag store, the generation tells nothing more: kept pages are
        # served without the database (which may be down a moment).
        if not settings.CACHE_TAGS_SHARED and generation_state() is None:
            return self.get_response(request)
        built, recordings = [], []
        key = page_key(request)
        pages = caches["pages"]
        read = request.META.pop(OUTDATED_PAGE, None)
        read = (read[1], False) if read is not None and read[0] == key else None

        def build(outdated=None):
            cache_tags.covers(*getattr(getattr(view, "view_class", view), "cache_covers", ()))
            rebuilt = None
            if outdated is not None:
                recipe = cache_tags.fast_get(pages, f"recipe:{key}")
                rebuilt = reassembled(outdated, recipe)
            if rebuilt is not None:
                marked, recording = rebuilt
                response = HttpResponse(marked, headers=outdated[1])
            else:
                recording = PartsRecording()
                with recording.active():
                    response = self.get_response(request)
            recording.strip(response)
            built.append(response)
            recordings.append(recording)
            if not self.cacheable_response(response):
                return None
            with_validators(response)
            return response.content, dict(response.headers)

        def tagged(item, dependencies):
            # The tags a caching proxy drops the page by (core.proxy): computed once,
            # when the page is kept.
            item[1]["xkey"] = " ".join(sorted(map(cache_tags.short, item[3])))
            if recordings[-1].recipe is not None:
                recipe = {
                    "built_at": item[2],
                    "etag": item[1]["ETag"],
                    "shell": frozenset(dependencies.own_tags()),
                    "parts": recordings[-1].recipe,
                }
                cache_tags.fast_set(pages, f"recipe:{key}", recipe, settings.PAGE_CACHE_SECONDS)

        item, state = keep(key, build, lock=True, before_keeping=tagged, rebuild=build, read=read)
        if item is None:
            built[0][CACHE_STATE_HEADER] = "miss"
            return built[0]
        response = kept_response(request, item)
        # Whether the page was kept and current, kept and served while being built
        # again, or built: for the benchmark's hit rates, and whoever debugs a proxy.
        response[CACHE_STATE_HEADER] = state
        if state == "stale":
            # Outdated: a proxy must not keep it, a browser may not reuse it.
            response["Cache-Control"] = "no-cache"
            response.headers.pop("xkey", None)
        return response

    def signed_in_page(self, request):
        """A signed-in reader's page, kept for their session alone: it depends on what
        building it read, as any kept page does (their account, their watches, their
        proposals included), so it is served again until one of these changes. Not
        kept: a page that showed a message, set a cookie, wrote to the database (a
        visit recorded) or asked not to be stored."""
        if not settings.CACHE_TAGS_SHARED and generation_state() is None:
            return self.get_response(request)
        session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
        private = "\n".join(
            [
                session_key,
                request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
                request.build_absolute_uri(),
            ]
        )
        built = []

        def build():
            response = self.get_response(request)
            built.append(response)
            messages = getattr(request, "_messages", None)
            # A form's page sends back the CSRF cookie the reader has, to keep it
            # alive: that is no cookie of its own.
            new_cookies = [
                name
                for name, morsel in response.cookies.items()
                if request.COOKIES.get(name) != morsel.value or name != settings.CSRF_COOKIE_NAME
            ]
            if (
                response.status_code != 200
                or response.streaming
                or new_cookies
                or "no-store" in response.get("Cache-Control", "")
                or (messages is not None and messages.used)
            ):
                return None
            return response.content, dict(response.headers)

        key = f"private:{hashlib.sha256(private.encode()).hexdigest()}"
        # A session signed out or expired meanwhile gets no page kept for it.
        item, state = keep(key, build, servable=lambda: session_store().exists(session_key))
        if item is None or state == "miss":
            # Built now: answered as built, with the cookie it may have refreshed.
            built[0][CACHE_STATE_HEADER] = "miss"
            return built[0]
        response = kept_response(request, item)
        response[CACHE_STATE_HEADER] = state
        return response

    @staticmethod
    def signed_in_read(request):
        return (
            request.method == "GET"
            and settings.PAGE_CACHE_SECONDS > 0
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def anonymous_read(request):
        return request.method == "GET" and not any(
            name in request.COOKIES for name in PRIVATE_COOKIES
        )

    @staticmethod
    def cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
