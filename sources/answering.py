"""Requests for documents, as sources see them.

A source that answers a request names it by its key (`Source.answers_request`), and a
text or a sheet row may cite a request still waiting for its documents as it cites a
source: `[@demande-…]`. Sources know no request: the app that keeps them registers,
from its ready(), how to find requests by key, and this module answers for it.
"""

REQUEST_KEY_PREFIX = "demande-"

_find = None


def register(find):
    """`find(keys)` returns {key: request} for the public requests among `keys`."""
    global _find
    _find = find


def is_request_key(key):
    return key.startswith(REQUEST_KEY_PREFIX)


def requests_named(keys):
    """{key: request} for the request keys among `keys` that name a public request."""
    keys = [key for key in keys if key and is_request_key(key)]
    return _find(keys) if _find and keys else {}


def request_named(key):
    return requests_named([key]).get(key)
