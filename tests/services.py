"""Real servers the tests start on loopback, and stop after them."""

import shutil
import socket
import subprocess
import time
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
