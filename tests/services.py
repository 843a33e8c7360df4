"""Real servers the tests start on loopback, and stop after them (deploy/services.py)."""

from deploy.services import free_port, gunicorn_server, redis_server, varnish_server

__all__ = ["free_port", "gunicorn_server", "redis_server", "varnish_server"]
