"""A caching proxy in front of the app servers (Varnish, with the xkey module of
Debian's varnish-modules): what it keeps, and telling it what changed.

Every anonymous page the app keeps, the proxy may keep too (`Cache-Control:
s-maxage`), keyed by its address with only the query parameters some page reads,
and tagged by an `xkey` header: the short forms of the tags the page depends on
(core.cache_tags). When an invalidation commits, each proxy in CACHE_PROXY_URLS is
sent `PURGE` with those tags, and drops exactly the pages that carry one of them.

`manage.py proxy_config` writes the proxy's configuration (deploy/varnish.vcl filled
in with the app servers and the query parameters pages read).
"""

import logging
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from core import cache_tags, page_cache

logger = logging.getLogger(__name__)

VCL_TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "varnish.vcl"
PURGE_TIMEOUT_SECONDS = 2


def purge(tags):
    """Tell every proxy to drop the pages tagged with one of `tags`. A proxy that does
    not answer is logged, never an error for the writer: its pages then live until
    their s-maxage."""
    keys = " ".join(sorted(cache_tags.short(tag) for tag in tags))
    for url in settings.CACHE_PROXY_URLS:
        if not url.startswith(("http://", "https://")):
            logger.warning("CACHE_PROXY_URLS holds %r, which is no HTTP address", url)
            continue
        request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": keys})  # noqa: S310 -- an HTTP address, checked above
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:  # noqa: S310
                answer.read()
        except (urllib.error.URLError, OSError) as error:
            logger.warning("The caching proxy at %s was not purged: %s", url, error)


def install():
    if settings.CACHE_PROXY_URLS and purge not in cache_tags.committed_listeners:
        cache_tags.committed_listeners.append(purge)


def read_params():
    """Every query parameter some page reads (core.page_cache.params_of), for the
    proxy to remove the others before it looks a page up."""
    names = set()

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern)
            elif isinstance(pattern, URLPattern):
                params = page_cache.params_of(pattern.callback)
                if params != page_cache.ALL_PARAMS:
                    names.update(params)

    walk(get_resolver())
    return sorted(names)


def vcl(backends, purgers=("127.0.0.1",), probe_host=None):
    """The proxy's configuration: `backends` are (host, port) of the app servers,
    probed with requests for `probe_host` (the first of ALLOWED_HOSTS by default)."""
    declared = "\n".join(
        f'backend app{number} {{\n    .host = "{host}";\n    .port = "{port}";\n'
        "    .probe = health;\n}"
        for number, (host, port) in enumerate(backends)
    )
    added = "\n".join(f"    apps.add_backend(app{number});" for number in range(len(backends)))
    allowed = "|".join(read_params())
    return Template(VCL_TEMPLATE.read_text()).substitute(
        backends=declared,
        add_backends=added,
        purgers="\n".join(f'    "{address}";' for address in purgers),
        params=allowed,
        private_cookies="|".join(page_cache.PRIVATE_COOKIES),
        probe_host=probe_host or settings.ALLOWED_HOSTS[0],
    )
