"""Real servers the tests start on loopback, and stop after them."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
from contextlib import contextmanager

import redis


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_server():
    """A throwaway Debian redis-server on a free port, keeping nothing on disk; yields
    its URL. Ready when it answers PING; one that exits instead fails the test."""
    executable = shutil.which("redis-server")
    assert executable, "Debian's redis-server is missing: `make test` installs it."
    port = free_port()
    server = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert server.poll() is None, f"redis-server exited with {server.returncode}"
                time.sleep(0.1)
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def gunicorn_server(environment, *, workers=1, ready=None):
    """gunicorn with the project's configuration on a free port, in `environment` (a
    whole process environment); yields (base URL, process). Ready when `ready(base)`
    returns without a connection error; a server that exits instead fails the test."""
    from tests.test_settings_env import ROOT

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                ready(base)
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, f"gunicorn exited with {process.returncode}"
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)
