"""The shared cache (issue 21, part 2). With REDIS_URL, every cache is one Redis shared
by the app servers, through Django's own backend: pages, renderings, rate limits,
sessions. Two real gunicorn servers on one database and one real redis-server show it:
a session opened through one is valid through the other, failed log-ins counted by one
stop the other, and a page built by one is kept where both read."""

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack

import pytest
import redis

from tests.services import gunicorn_server, redis_server
from tests.test_production import PRODUCTION_ENV
from tests.test_settings_env import python_environment, run_python, settings_in_subprocess

BACKENDS = (
    "[settings.CACHES[name]['BACKEND'].rsplit('.', 1)[1] for name in sorted(settings.CACHES)]"
)


def test_without_redis_each_process_keeps_its_own_caches_and_sessions_are_in_the_database():
    result = settings_in_subprocess(f"({BACKENDS}, settings.SESSION_ENGINE)", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(['LocMemCache', 'LocMemCache', 'DatabaseCache', 'LocMemCache'], "
        "'django.contrib.sessions.backends.db')"
    )


def test_with_redis_every_cache_is_the_shared_redis():
    url = "redis://cache.internal:6379/2"
    expression = (
        f"({BACKENDS}, {{settings.CACHES[name]['LOCATION'] for name in settings.CACHES}}, "
        "settings.SESSION_ENGINE, settings.SESSION_CACHE_ALIAS)"
    )
    result = settings_in_subprocess(expression, REDIS_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(['RedisCache', 'RedisCache', 'RedisCache', 'RedisCache', 'RedisCache'], "
        "{'redis://cache.internal"
        ":6379/2'}, 'django.contrib.sessions.backends.cached_db', 'sessions')"
    )


class Server:
    """One app server, as the load balancer in front of all of them reaches it: under
    the site's one name, TLS ended before it."""

    def __init__(self, base):
        self.base = base

    def request(self, path, *, data=None, cookies=None, etag=None):
        headers = {
            "Host": "dossiers.example.org",
            "X-Forwarded-Proto": "https",
            "Origin": "https://dossiers.example.org",
        }
        if etag:
            headers["If-None-Match"] = etag
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def log_in(self, username, password):
        """POST the log-in form as a browser would; returns (status, page, cookies)."""
        _status, headers, page = self.request("/compte/connexion/")
        cookies = cookies_set(headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, headers, page = self.request("/compte/connexion/", data=data, cookies=cookies)
        return status, html.unescape(page), {**cookies, **cookies_set(headers)}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookies_set(headers):
    return dict(
        cookie.split(";", 1)[0].split("=", 1) for cookie in headers.get_all("Set-Cookie") or []
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two gunicorn servers with the production settings, one SQLite database and one
    Redis between them; yields (redis URL, first server, second server)."""
    folder = tmp_path_factory.mktemp("cluster")
    with redis_server() as url:
        env = {
            **PRODUCTION_ENV,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_DOCUMENTS_ROOT": str(folder / "documents"),
            "DJANGO_BEHIND_TLS_PROXY": "true",
            "REDIS_URL": url,
        }
        steps = [
            ["manage.py", "migrate", "--noinput"],
            ["manage.py", "collectstatic", "--noinput"],
            [
                "manage.py",
                "shell",
                "-c",
                "from django.contrib.auth import get_user_model; "
                "get_user_model().objects.create_user('lea', password='le-bon-mot-de-passe'); "
                "get_user_model().objects.create_user('noe', password='autre-mot-de-passe')",
            ],
        ]
        for step in steps:
            result = run_python(*step, **env)
            assert result.returncode == 0, result.stderr
        with ExitStack() as stack:
            servers = []
            for _ in range(2):
                base, _process = stack.enter_context(
                    gunicorn_server(
                        python_environment(**env),
                        ready=lambda base: Server(base).request("/robots.txt"),
                    )
                )
                servers.append(Server(base))
            yield url, *servers


def keys(url, prefix):
    client = redis.Redis.from_url(url)
    try:
        return [key.decode() for key in client.scan_iter(f"{prefix}:*")]
    finally:
        client.close()


def redis_hits(url):
    client = redis.Redis.from_url(url)
    try:
        return client.info("stats")["keyspace_hits"]
    finally:
        client.close()


def test_a_session_opened_through_one_server_is_valid_through_the_other(cluster):
    url, first, second = cluster
    status, _page, cookies = first.log_in("lea", "le-bon-mot-de-passe")
    assert status == 302 and "sessionid" in cookies
    assert keys(url, "sessions"), "the session must be kept in Redis"
    status, _headers, page = second.request("/compte/suivi/", cookies=cookies)
    assert status == 200
    assert "lea" in page
    status, headers, _page = second.request("/compte/suivi/")
    assert status == 302 and "/compte/connexion/" in headers["Location"]


def test_failed_log_ins_counted_by_one_server_stop_the_other(cluster):
    url, first, second = cluster
    for _ in range(5):
        status, page, _cookies = first.log_in("noe", "mauvais")
        assert status == 200 and "Trop de tentatives" not in page
    assert keys(url, "ratelimit")
    status, page, cookies = second.log_in("noe", "autre-mot-de-passe")
    assert status == 200 and "sessionid" not in cookies
    assert "Trop de tentatives de connexion ont échoué" in page


def test_a_page_built_by_one_server_is_kept_where_both_read(cluster):
    url, first, second = cluster
    before = set(keys(url, "pages"))
    status, headers, page = first.request("/a-propos/")
    assert status == 200
    kept = set(keys(url, "pages")) - before
    assert kept, "the page must be kept in Redis"
    hits = redis_hits(url)
    status, again_headers, again = second.request("/a-propos/")
    assert status == 200 and again == page
    assert redis_hits(url) > hits  # the second read what the first kept
    assert set(keys(url, "pages")) - before == kept
    # Either server answers 304 to what a proxy or a browser kept from the other.
    assert again_headers["ETag"] == headers["ETag"]
    status, _headers, body = second.request("/a-propos/", etag=headers["ETag"])
    assert (status, body) == (304, "")
