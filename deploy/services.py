"""Real servers started on loopback by `make cluster`, the benchmark and the tests,
and stopped after them: Redis, gunicorn, Varnish."""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, process, name, errors=(urllib.error.URLError, OSError)):
    """Call `ready()` until it returns without one of `errors` (not answering yet); a
    process that exits meanwhile is an error."""
    while True:
        try:
            return ready()
        except errors:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}") from None
            time.sleep(0.1)


@contextmanager
def redis_server(maxmemory="64mb"):
    """A throwaway Debian redis-server on a free port, keeping nothing on disk; yields
    its URL. Only keys that expire are evicted (the cache tags never do)."""
    import redis

    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("Debian's redis-server is missing: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", maxmemory, "--maxmemory-policy", "volatile-lru"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        wait_until(client.ping, server, "redis-server", errors=(redis.ConnectionError,))
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def gunicorn_server(environment, *, workers=1, ready=None, port=None):
    """gunicorn with the project's configuration on a free port, in `environment` (a
    whole process environment); yields (base URL, process). Ready when `ready(base)`
    returns without a connection error."""
    port = port or free_port()
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
        wait_until(lambda: ready(base), process, "gunicorn")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def varnish_server(vcl_text, *, memory="256m", port=None):
    """Debian's varnishd in the foreground on a free port, with `vcl_text`; yields its
    base URL once it answers."""
    executable = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(executable).exists():
        raise RuntimeError("Debian's varnish is missing: apt-get install varnish varnish-modules")
    # Its own folder, which Varnish's unprivileged worker can read when run as root.
    folder = Path(tempfile.mkdtemp(prefix="dossiers-varnish-"))
    folder.chmod(0o755)
    vcl = folder / "proxy.vcl"
    vcl.write_text(vcl_text)
    port = port or free_port()
    process = subprocess.Popen(
        [executable, "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-n", str(folder / "work"),
         "-s", f"malloc,{memory}", "-T", "none"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def answers():
        with urllib.request.urlopen(base + "/robots.txt", timeout=5) as response:
            return response.status

    try:
        wait_until(answers, process, "varnishd")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
