vcl 4.1;
# The caching proxy in front of the app servers: Debian's varnish with the xkey module
# of varnish-modules. `manage.py proxy_config` fills this in (core/proxy.py); the
# README's « Deploying » says where it stands.

import directors;
import std;
import xkey;

# An app server that does not answer robots.txt twice in three tries is left out.
probe health {
    .request = "GET /robots.txt HTTP/1.1"
        "Host: $probe_host"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .initial = 2;
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

$backends

# Who may tell the proxy what changed: the app servers.
acl purgers {
$purgers
}

sub vcl_init {
    new apps = directors.round_robin();
$add_backends
}

sub vcl_recv {
    set req.backend_hint = apps.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # The pages tagged with any of these keys: the app sends them when a change
        # commits (core/proxy.py).
        set req.http.purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in readers, and readers with a message waiting, get their own pages.
    if (req.http.Cookie ~ "(^|;\s*)($private_cookies)=") {
        return (pass);
    }
    # The API counts each anonymous reader's requests: they reach the app.
    if (req.url ~ "^/api/") {
        return (pass);
    }
    unset req.http.Cookie;
    # Only the query parameters some page reads: ?x=<random> is a page already kept.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:$params)=)[^&]*(&|$$)", "");
        set req.url = regsub(req.url, "[?&]+$$", "");
    }
    # While the app servers answer, a page past its time is served at most ten more
    # seconds while it is fetched again; when none answers, the site goes on serving
    # the pages it kept.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    set beresp.grace = 6h;
}

sub vcl_deliver {
    # The tags are the proxy's business.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "hit";
    } else {
        set resp.http.X-Proxy-Cache = "miss";
    }
}
