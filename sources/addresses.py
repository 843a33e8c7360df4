"""Web addresses of sources, normalised so the same page is recorded once."""

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

# Parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "ncid", "cmpid", "ref_src", "ref_url",
        "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc", "__twitter_impression",
        "pk_campaign", "pk_kwd", "pk_source", "pk_medium",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOWED_SCHEMES = frozenset({"http", "https"})


def is_tracking(name):
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalise_url(url):
    """The address without tracking parameters or fragment, scheme and host in lower case.

    Path and remaining parameters keep their case and order: servers may tell
    them apart. `url` must be a valid http(s) address.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    # Kept parameters are left exactly as written: decoding and re-encoding them
    # could change what the server reads.
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not is_tracking(unquote_plus(pair.split("=", 1)[0]))
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def scheme_of(url):
    match = SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""
