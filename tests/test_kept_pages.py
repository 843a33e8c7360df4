"""Kept pages with a shared Redis (issue 21): each kept item is read with whether it
is still current in one round trip (a script compares its tags inside Redis), and an
anonymous reader's kept page is answered before Django's request handling
(core.page_cache.KeptPagesApplication), with the headers every middleware had set
when it was built. A real redis-server; what is not a plain anonymous read of a
current page goes to Django."""

import io

import pytest
import redis
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from core import cache_tags
from core.page_cache import KEPT_ANSWER, KeptPagesApplication
from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.models import Figure
from dossiers.views.pages import DossierDetailView
from tests.factories import make_dossier, make_row
from tests.services import redis_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def shared_cache(settings, redis_url):
    """Pages and tags in the real Redis, as REDIS_URL sets them."""
    settings.CACHES = {
        **settings.CACHES,
        **{
            name: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": name,
            }
            for name in ("pages", "tags")
        },
    }
    settings.CACHE_TAGS_SHARED = True
    settings.PAGE_CACHE_SECONDS = 600
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    yield client
    client.flushall()
    client.close()


def environ(path, query="", **headers):
    """What gunicorn hands the application for a GET."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        **headers,
    }


class Recorder:
    """The WSGI application behind the fast path: Django's, noting each request it
    was handed."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        # As Django's test client does: the test's database connection stays open.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            return list(self.handler(environ, start_response))
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)


def answer(application, environ):
    started = {}

    def start_response(status, headers):
        started["status"], started["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


@pytest.fixture
def page(shared_cache, django_capture_on_commit_callbacks):
    """A dossier's page, kept by its first anonymous reader."""
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(title="Caméras de la gare", body="Le texte publié.")
    response = Client().get(dossier.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    return dossier, response


def test_a_kept_page_is_answered_before_django_with_every_middlewares_headers(page):
    dossier, built = page
    behind = Recorder()
    started = []
    request_started.connect(lambda **kwargs: started.append(1), weak=False, dispatch_uid="t")
    try:
        status, headers, body = answer(
            KeptPagesApplication(behind), environ(dossier.get_absolute_url())
        )
    finally:
        request_started.disconnect(dispatch_uid="t")
    assert (behind.calls, started) == (0, [])
    assert status == "200 OK"
    assert body == built.content
    assert headers["X-Page-Cache"] == "hit"
    # Kept by the first middleware: the headers the others set are kept with it.
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Permissions-Policy"].startswith("camera=()")
    assert headers["ETag"] == built["ETag"]
    assert headers["Content-Length"] == str(len(body))


def test_a_kept_answer_is_marked_for_gunicorn_and_a_built_page_is_not(
    page, django_capture_on_commit_callbacks
):
    """gunicorn does not count a kept answer toward a worker's recycling
    (test_production): Django's request handling never ran for it."""
    dossier, _built = page
    application = KeptPagesApplication(Recorder())
    read = environ(dossier.get_absolute_url())
    answer(application, read)
    assert read[KEPT_ANSWER] is True
    dossier.title = "Caméras de la gare, suite"
    with django_capture_on_commit_callbacks(execute=True):
        save_dossier_revision(dossier, user=None, reason="Titre")
    outdated = environ(dossier.get_absolute_url())
    answer(application, outdated)  # built again by Django
    assert KEPT_ANSWER not in outdated


def test_parameters_no_page_reads_are_the_same_kept_page(page):
    dossier, built = page
    behind = Recorder()
    _status, headers, body = answer(
        KeptPagesApplication(behind), environ(dossier.get_absolute_url(), "utm_source=x&y=1")
    )
    assert behind.calls == 0 and body == built.content and headers["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": '"etag"'},  # a 304 is Django's to answer
        {"HTTP_IF_MODIFIED_SINCE": "Tue, 01 Dec 2026 00:00:00 GMT"},
        {"HTTP_ORIGIN": "https://ailleurs.example"},  # CORS headers depend on it
        {"HTTP_COOKIE": "sessionid=abc"},  # a signed-in reader's page is theirs
        {"HTTP_COOKIE": "messages=abc"},
        {"REQUEST_METHOD": "HEAD"},
        {"HTTP_HOST": "evil.example"},  # refused 400 by Django
    ],
)
def test_what_is_not_a_plain_anonymous_read_goes_to_django(page, headers):
    dossier, _built = page
    behind = Recorder()
    status, _headers, _body = answer(
        KeptPagesApplication(behind), environ(dossier.get_absolute_url(), **headers)
    )
    assert behind.calls == 1
    if "HTTP_HOST" in headers:
        assert status.startswith("400")


def test_an_outdated_page_goes_to_django_which_builds_it_again(
    page, django_capture_on_commit_callbacks
):
    dossier, _built = page
    dossier.title = "Caméras de la gare, suite"
    with django_capture_on_commit_callbacks(execute=True):
        save_dossier_revision(dossier, user=None, reason="Titre")
    behind = Recorder()
    application = KeptPagesApplication(behind)
    status, headers, body = answer(application, environ(dossier.get_absolute_url()))
    assert behind.calls == 1 and status == "200 OK"
    assert "Caméras de la gare, suite" in body.decode()
    # Built again by Django, it is the fast path's to answer next.
    _status, headers, again = answer(application, environ(dossier.get_absolute_url()))
    assert behind.calls == 1 and again == body and headers["X-Page-Cache"] == "hit"


def test_a_page_outdated_by_a_row_is_built_again_from_its_parts_through_redis(
    page, shared_cache, django_capture_on_commit_callbacks, monkeypatch
):
    dossier, _built = page
    with django_capture_on_commit_callbacks(execute=True):
        row = make_row(Figure, dossier, metric="cameras", value=12, as_of="2024")
    application = KeptPagesApplication(Recorder())
    answer(application, environ(dossier.get_absolute_url()))  # built with its recipe
    views = []
    monkeypatch.setattr(
        DossierDetailView, "get_context_data", lambda *args, **kwargs: views.append(1)
    )
    loaded = Figure.objects.get(pk=row.pk)
    loaded.value = 345
    with django_capture_on_commit_callbacks(execute=True):
        save_row_revision(loaded, user=None, reason="Chiffre")
    before = shared_cache.info("commandstats")
    status, headers, body = answer(application, environ(dossier.get_absolute_url()))
    after = shared_cache.info("commandstats")
    assert status == "200 OK" and views == [] and "345" in body.decode()
    # The outdated page is read once, by the fast path: the middleware is handed it.
    # The others: the reference numbers and what the section shows of its dossier.
    assert after["cmdstat_evalsha"]["calls"] - before["cmdstat_evalsha"]["calls"] == 3
    assert shared_cache.keys("*rebuilding:*") == []  # the lock given back
    _status, headers, again = answer(application, environ(dossier.get_absolute_url()))
    assert headers["X-Page-Cache"] == "hit" and again == body


def test_static_files_and_refused_addresses_never_reach_the_page_store(page, shared_cache):
    dossier, _built = page
    before = shared_cache.info("commandstats")
    client = Client()
    assert client.get("/static/css/site.css").status_code == 200
    long_query = "q=" + "x" * 3000
    assert client.get(dossier.get_absolute_url() + "?" + long_query).status_code == 414
    after = shared_cache.info("commandstats")
    assert after.get("cmdstat_evalsha") == before.get("cmdstat_evalsha")
    assert after.get("cmdstat_get") == before.get("cmdstat_get")


def test_a_kept_api_answer_carries_cors_headers_to_a_cross_origin_reader(shared_cache):
    Client().get("/api/dossiers/")  # kept without an Origin
    response = Client().get("/api/dossiers/", HTTP_ORIGIN="https://carte.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_kept_item_is_read_with_whether_it_is_current_in_one_round_trip(shared_cache):
    pages = caches["pages"]
    cache_tags.put_kept(pages, "k", (b"contenu", {}, 5, frozenset({"t:a", "r:b:1"})), 60)
    cache_tags.get_kept(pages, "missing")  # the script given to this Redis
    commands = shared_cache.info("commandstats")
    item, current = cache_tags.get_kept(pages, "k")
    assert item == (b"contenu", {}, 5, frozenset({"t:a", "r:b:1"})) and current
    after = shared_cache.info("commandstats")
    calls = {
        name: after[name]["calls"] - commands.get(name, {"calls": 0})["calls"]
        for name in after
        if name in ("cmdstat_evalsha", "cmdstat_get", "cmdstat_mget", "cmdstat_lrange")
    }
    # Its tags compared inside Redis (the script's LRANGE and MGET), beside its GET.
    assert calls == {
        "cmdstat_evalsha": 1,
        "cmdstat_lrange": 1,
        "cmdstat_mget": 1,
        "cmdstat_get": 1,
    }
    # A tag invalidated after it was built outdates it; one invalidated before does not.
    caches["tags"].set("t:a", 4, None)
    assert cache_tags.get_kept(pages, "k")[1] is True
    caches["tags"].set("r:b:1", 6, None)
    assert cache_tags.get_kept(pages, "k") == (item, False)
    assert cache_tags.get_kept(pages, "missing") == (None, False)
    pages.delete("k")  # the item gone, its tags' key left: nothing kept
    assert cache_tags.get_kept(pages, "k") == (None, False)
    # Kept again, and with no tag at all.
    cache_tags.put_kept(pages, "k", (b"autre", {}, 7, frozenset({"r:c:1"})), 60)
    assert cache_tags.get_kept(pages, "k")[1] is True
    caches["tags"].set("r:c:1", 8, None)
    assert cache_tags.get_kept(pages, "k") == ((b"autre", {}, 7, frozenset({"r:c:1"})), False)
    cache_tags.put_kept(pages, "k", (b"seul", {}, 9, frozenset()), 60)
    assert cache_tags.get_kept(pages, "k") == ((b"seul", {}, 9, frozenset()), True)
    # Tags kept as words by an earlier version: not an item, until it is built again.
    shared_cache.set(pages.make_key("k") + ":tags", "9 " + caches["tags"].make_key("t:a"))
    assert cache_tags.get_kept(pages, "k") == (None, False)
    cache_tags.put_kept(pages, "k", (b"seul", {}, 9, frozenset()), 60)
    assert cache_tags.get_kept(pages, "k")[1] is True


def test_the_script_is_given_again_to_a_redis_that_lost_it(shared_cache):
    pages = caches["pages"]
    cache_tags.put_kept(pages, "k", (b"contenu", {}, 5, frozenset({"t:a"})), 60)
    shared_cache.script_flush()  # as a restarted Redis
    assert cache_tags.get_kept(pages, "k")[1] is True


def test_a_kept_item_is_read_again_after_redis_closed_the_connection(shared_cache):
    pages = caches["pages"]
    cache_tags.put_kept(pages, "k", (b"contenu", {}, 5, frozenset({"t:a"})), 60)
    assert cache_tags.get_kept(pages, "k")[1] is True
    shared_cache.client_kill_filter(_type="normal", skipme=True)  # as a restarted Redis
    assert cache_tags.get_kept(pages, "k") == ((b"contenu", {}, 5, frozenset({"t:a"})), True)


def test_redis_answers_are_parsed_in_c():
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE, "hiredis (requirements.txt) makes a kept page cheaper to serve"
