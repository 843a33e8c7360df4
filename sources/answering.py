"""A source that answers a request for documents names the request by its key
(`Source.answers_request`, « demande-… »). Sources know no request: the app that
keeps them registers, from its ready(), how to find one by key, and source forms
ask here whether the key they were given names one."""

REQUEST_KEY_PREFIX = "demande-"

_find = None


def register(find):
    """`find(key)` returns the request with that key, or None."""
    global _find
    _find = find


def request_named(key):
    return _find(key) if _find and key else None
