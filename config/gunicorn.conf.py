"""Gunicorn settings: `gunicorn -c config/gunicorn.conf.py` (see README "Deploying").

Every value can be changed from the environment, so one file serves every machine.
"""

import gc
import os
import sys
from pathlib import Path

# The project, for config.env, whatever directory gunicorn was started from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.env import env_int, env_list, env_str, worker_threads

wsgi_app = "config.wsgi:application"
bind = env_str("GUNICORN_BIND", "127.0.0.1:8000")

# Processes do the work (Python runs one thread at a time); a few threads each keep
# connections alive and overlap waits on the database. Each process holds its own
# pool of DATABASE_POOL_SIZE connections, at least as many as its threads.
workers = env_int("GUNICORN_WORKERS", 2 * os.cpu_count() + 1, minimum=1)
worker_class = "gthread"
threads = worker_threads()
keepalive = 5

timeout = 30
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak cannot grow forever.
# Not much sooner: a new worker starts with an empty page cache.
max_requests = 50_000
max_requests_jitter = 5_000
# The heartbeat file on tmpfs, so a slow disk never makes a worker look hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Behind a load balancer, trust its X-Forwarded-* headers (its addresses, comma-separated).
forwarded_allow_ips = ",".join(env_list("GUNICORN_FORWARDED_ALLOW_IPS", ["127.0.0.1"]))

# The application logs JSON on standard error; the access log is usually kept by the
# load balancer, so gunicorn writes one only when GUNICORN_ACCESS_LOG names a file ("-").
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
accesslog = env_str("GUNICORN_ACCESS_LOG")


def post_worker_init(worker):
    """Django and the application are loaded: take their long-lived objects out of the
    garbage collector's full passes, which otherwise scan them all and held a request
    for ~50 ms now and then (the bench's p99 at low load)."""
    gc.freeze()
