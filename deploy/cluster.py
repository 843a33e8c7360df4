"""`make cluster`: the production topology on loopback.

PostgreSQL (a throwaway cluster, or CLUSTER_DATABASE_URL), one Redis shared by every
app server, two or more gunicorn app servers with the production settings, and
Varnish in front of them, purged by the app servers when content changes. Uploaded
documents live in one folder every app server reads and writes (on several machines:
a shared file system, the deployment's responsibility; see the README).

    python deploy/cluster.py [--app-servers N] [--workers N]

prints the proxy's and each app server's address, and runs until interrupted. The
cluster tests (tests/cluster/) and the benchmark start the same cluster.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the project's modules are importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.postgres import ThrowawayPostgres
from deploy.services import (
    ROOT,
    free_port,
    gunicorn_server,
    redis_server,
    varnish_server,
)

HOST = "127.0.0.1"


def environment(**env):
    """This process's environment without DJANGO_* variables, with `env`."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    base.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return base


class Cluster:
    """Started on enter, stopped on exit. `proxy` and `app_servers` are base URLs;
    `env` is the app servers' environment (for manage.py commands)."""

    def __init__(
        self,
        folder,
        *,
        app_servers=2,
        workers=2,
        database_url=None,
        communes=None,
        prepare=True,
        settings=None,
        memory_mb=256,
    ):
        self.folder = Path(folder)
        self.count = app_servers
        self.workers = workers
        self.database_url = database_url
        # None: every commune; else the INSEE codes to load (the tests load a few).
        self.communes = communes
        # False: the database is ready (the benchmark's dataset), static files too.
        self.prepare_database = prepare
        # Environment variables for the app servers, over the cluster's own.
        self.settings = settings or {}
        # What Redis and Varnish may each keep in memory.
        self.memory_mb = memory_mb
        self.stack = ExitStack()
        self.app_servers = []
        self.processes = []

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stack.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stack.close()

    def start(self):
        self.postgres = None
        if self.database_url is None:
            self.postgres = self.stack.enter_context(ThrowawayPostgres())
            self.database_url = self.postgres.url
        self.redis_url = self.stack.enter_context(redis_server(maxmemory=f"{self.memory_mb}mb"))
        ports = [free_port() for _ in range(self.count)]
        proxy_port = free_port()
        self.env = environment(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            # Loopback without TLS: production settings otherwise.
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_SECURE_COOKIES="false",
            DJANGO_STATIC_ROOT=str(self.folder / "static"),
            DJANGO_DOCUMENTS_ROOT=str(self.folder / "documents"),
            CACHE_PROXY_URLS=f"http://{HOST}:{proxy_port}/",
            GUNICORN_WORKERS=str(self.workers),
        )
        self.env.update(self.settings)
        if self.prepare_database:
            self.prepare()
        for port in ports:
            base, process = self.stack.enter_context(
                gunicorn_server(self.env, workers=self.workers, ready=answers, port=port)
            )
            self.app_servers.append(base)
            self.processes.append(process)
        vcl = self.manage("proxy_config", *(f"{HOST}:{port}" for port in ports)).stdout
        self.proxy, self.proxy_process = self.stack.enter_context(
            varnish_server(vcl, port=proxy_port, memory=f"{self.memory_mb}m")
        )

    def prepare(self):
        """The database's tables, the communes, the demo and the static files."""
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput")
        if self.communes is None:
            self.manage("load_communes")
        else:
            codes = ", ".join(repr(code) for code in self.communes)
            self.manage(
                "shell",
                "-c",
                f"from cities.loading import load_communes; load_communes(only={{{codes}}})",
            )
        self.manage("load_demo")
        self.manage("rebuild_search_index", "--if-empty")

    def stop_database(self):
        """Stop the cluster's own PostgreSQL, as a failure would (for the tests)."""
        self.postgres.run("pg_ctl", "-D", self.postgres.data, "-m", "immediate", "stop")

    def manage(self, *arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )


def answers(base):
    import urllib.request

    with urllib.request.urlopen(base + "/robots.txt", timeout=5) as response:
        return response.status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    options = parser.parse_args()
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: stop.set())
    with tempfile.TemporaryDirectory(prefix="dossiers-cluster-") as folder:
        print("Starting PostgreSQL, Redis, the app servers and Varnish…", flush=True)
        with Cluster(
            folder,
            app_servers=options.app_servers,
            workers=options.workers,
            database_url=os.environ.get("CLUSTER_DATABASE_URL") or None,
        ) as cluster:
            print(f"Proxy (Varnish):  {cluster.proxy}/")
            for number, base in enumerate(cluster.app_servers, 1):
                print(f"App server {number}:     {base}/")
            print(f"Redis:            {cluster.redis_url}")
            print("Ctrl-C stops everything.", flush=True)
            stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
