"""Gunicorn settings: `gunicorn -c config/gunicorn.conf.py` (see README "Deploying").

Every value can be changed from the environment, so one file serves every machine.
"""

import gc
import os
import random
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
# A worker is replaced after RECYCLE_AFTER requests of the application (plus up to a
# tenth more, at random, so that workers do not all restart at once), so a slow leak
# cannot grow forever. gunicorn's own max_requests would count static files too: under
# static load it restarted each worker about every minute, and each restart empties the
# worker's memory caches. Static files leak nothing, nor do kept pages answered before
# Django's request handling (core.page_cache.KeptPagesApplication): counted, they had
# each worker of the benchmark's cluster restart after half a minute of random reads,
# and a restart costs a second or two of CPU (Django and the application loaded again)
# and the worker's memory caches. `post_request` below counts the rest.
max_requests = 0
RECYCLE_AFTER = env_int("GUNICORN_RECYCLE_AFTER", 50_000, minimum=1)
NOT_COUNTED = ("/static/", "/robots.txt", "/favicon.ico")
KEPT_ANSWER = "core.page_cache.kept"  # core.page_cache.KEPT_ANSWER (not imported: Django's)
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


def post_worker_init_recycling(worker):
    worker.application_requests = 0
    worker.recycle_after = RECYCLE_AFTER + random.randint(0, RECYCLE_AFTER // 10)  # noqa: S311


def post_request(worker, req, environ, resp):
    """Count a request of the application, and stop the worker gracefully (the arbiter
    starts another) once it has served its share."""
    if req.path.startswith(NOT_COUNTED) or environ.get(KEPT_ANSWER):
        return
    if not hasattr(worker, "recycle_after"):
        post_worker_init_recycling(worker)
    worker.application_requests += 1
    if worker.application_requests >= worker.recycle_after and worker.alive:
        worker.log.info("Restarting worker after %s requests.", worker.application_requests)
        worker.alive = False
