"""The production configuration, served for real: gunicorn, whitenoise, headers, logs."""

import gc
import gzip
import json
import logging
import re
import runpy
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.db import connection
from django.urls import reverse

from config.database import database_from_url
from core.page_cache import KEPT_ANSWER
from tests.factories import make_dossier
from tests.services import gunicorn_server
from tests.test_settings_env import ROOT, python_environment, run_python

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "dossiers.example.org,127.0.0.1",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL="postgres://dossiers@db.internal/dossiers",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_when_https_is_turned_off():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECURE_SSL_REDIRECT="false",
        **PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_postgresql_gets_a_connection_pool_and_sqlite_none():
    pooled = database_from_url("postgres://u@h/db", conn_max_age=60, pool_size=6)
    assert pooled["OPTIONS"]["pool"]["max_size"] == 6
    # Django refuses persistent connections beside a pool.
    assert pooled["CONN_MAX_AGE"] == 0
    assert "pool" not in database_from_url("postgres://u@h/db", pool_size=0).get("OPTIONS", {})
    assert "pool" not in database_from_url("sqlite:////tmp/x.sqlite3", pool_size=6)["OPTIONS"]


@pytest.mark.django_db
def test_the_suite_database_uses_the_pool_on_postgresql():
    options = connection.settings_dict.get("OPTIONS", {})
    if connection.vendor == "postgresql":
        assert options["pool"]["max_size"] >= 2
        assert connection.pool is not None
    else:
        assert "pool" not in options


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    dossier = make_dossier()
    for url in (reverse("home"), dossier.get_absolute_url(), reverse("accounts:login")):
        response = client.get(url)
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'"
        assert policy["default-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header
        assert not re.search(r"https?:|\*", header), header
        assert "camera=()" in response["Permissions-Policy"]
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url


@pytest.mark.django_db
def test_an_absurdly_long_query_string_is_refused_with_414(client):
    response = client.get(reverse("cities:list"), {"q": "a" * 3_000})
    assert response.status_code == 414
    assert "Adresse trop longue" in response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert client.get(reverse("cities:list"), {"q": "a" * 100}).status_code == 200


def test_logs_are_one_json_object_per_line_in_production():
    result = run_python(
        "-c",
        "import django, logging; django.setup(); "
        "logging.getLogger('dossiers.test').warning('Révision %s refusée', 12)",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "dossiers.test"
    assert record["message"] == "Révision 12 refusée"
    assert "time" in record


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn with the production settings on a fresh SQLite database, as deployed."""
    folder = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_DOCUMENTS_ROOT": str(folder / "documents"),
        "DJANGO_BEHIND_TLS_PROXY": "true",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run_python("manage.py", *command, **env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]
    server = subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=python_environment(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    # Ready when it answers; a server that exits instead fails the test, however long a
    # loaded machine takes to start it.
    while True:
        try:
            fetch(base + "/")
            break
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, f"gunicorn exited with code {server.returncode}"
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


def fetch(url, **headers):
    """Through a TLS-terminating load balancer, as in production."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_gunicorn_serves_pages_with_the_security_headers(production_server):
    status, headers, body = fetch(production_server + "/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "Villes sous surveillance" in body.decode()


def test_plain_http_is_redirected_to_https(production_server):
    request = urllib.request.Request(production_server + "/dossiers/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    assert answer.value.code == 301
    address = production_server.removeprefix("http://")
    assert answer.value.headers["Location"] == f"https://{address}/dossiers/"


def test_static_files_are_hashed_compressed_and_cached_forever(production_server):
    _status, _headers, body = fetch(production_server + "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "the page must link the hashed stylesheet"
    status, headers, compressed = fetch(
        production_server + stylesheet.group(1), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    css = gzip.decompress(compressed).decode()
    assert ".site-header" in css
    status, headers, compressed = fetch(
        production_server + stylesheet.group(1), **{"Accept-Encoding": "br, gzip"}
    )
    assert headers["Content-Encoding"] == "br"
    assert brotli.decompress(compressed).decode() == css
    status, _headers, _body = fetch(production_server + "/static/css/site.css.missing")
    assert status == 404


def test_gunicorn_workers_keep_startup_objects_out_of_full_collections():
    hooks = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000, "Django's objects are frozen"
    finally:
        gc.unfreeze()


def gunicorn_hooks(monkeypatch, recycle_after):
    monkeypatch.setenv("GUNICORN_RECYCLE_AFTER", str(recycle_after))
    return runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))


def test_workers_are_recycled_by_application_requests_only(monkeypatch):
    hooks = gunicorn_hooks(monkeypatch, 100)
    assert hooks["max_requests"] == 0  # gunicorn's own count, of every request, is off
    worker = types.SimpleNamespace(alive=True, log=logging.getLogger("gunicorn.test"))

    def serve(path, times, environ=None):
        for _ in range(times):
            hooks["post_request"](worker, types.SimpleNamespace(path=path), environ or {}, None)

    serve("/static/css/site.0123456789ab.css", 5_000)
    serve("/robots.txt", 500)
    # Kept pages answered before Django's request handling (test_kept_pages).
    serve("/dossiers/valenciennes/", 5_000, {KEPT_ANSWER: True})
    assert worker.alive and getattr(worker, "application_requests", 0) == 0
    serve("/dossiers/", 1)
    assert 100 <= worker.recycle_after <= 110  # a random share, so workers part ways
    serve("/dossiers/", worker.recycle_after - 2)
    assert worker.alive and worker.application_requests == worker.recycle_after - 1
    serve("/", 1)
    assert not worker.alive


def test_a_real_worker_is_replaced_after_its_share_of_pages_not_of_static_files(tmp_path):
    environment = python_environment(
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_DOCUMENTS_ROOT=str(tmp_path / "documents"),
        DJANGO_BEHIND_TLS_PROXY="true",
        GUNICORN_RECYCLE_AFTER="3",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    with gunicorn_server(environment, ready=lambda base: fetch(base + "/robots.txt")) as (
        base,
        process,
    ):
        worker = worker_of(process)
        stylesheet = re.search(
            r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', fetch(base + "/a-propos/")[2].decode()
        ).group(1)
        for _ in range(30):
            assert fetch(base + stylesheet)[0] == 200
        assert worker_of(process) == worker  # one page and thirty static files
        fetch(base + "/a-propos/")
        fetch(base + "/a-propos/")  # the third page: the worker stops after it
        replaced = worker
        for _ in range(600):  # the arbiter starts another one
            replaced = worker_of(process)
            if replaced not in (worker, None):
                break
            time.sleep(0.1)
        assert replaced not in (worker, None)
        assert fetch(base + "/a-propos/")[0] == 200


def worker_of(process):
    """The pid of the arbiter's one worker, or None between two."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return int(children[0]) if children else None


@pytest.mark.parametrize(
    ("error", "status", "shown"),
    [
        # The database does not answer: a clear 503, with when to try again.
        (
            'connection to server at "db.internal" failed: Connection refused',
            503,
            "La base de données ne répond pas",
        ),
        # Anything else is the site's own error.
        (None, 500, "Erreur du serveur"),
    ],
)
def test_a_database_that_does_not_answer_is_a_503_and_any_other_error_a_500(
    monkeypatch, error, status, shown
):
    from django.db import OperationalError
    from django.test import Client

    from dossiers.views.pages import DossierListView

    def failing(*args, **kwargs):
        raise OperationalError(error) if error else ValueError("a bug")

    monkeypatch.setattr(DossierListView, "get", failing)
    response = Client(raise_request_exception=False).get("/dossiers/")
    assert response.status_code == status
    assert shown in response.content.decode()
    assert response.get("Retry-After") == ("30" if status == 503 else None)
