"""Privacy in the browser tests: no page of the site asks anything of another origin."""

from urllib.parse import urlsplit


def requests_elsewhere(page, base_url):
    """A list that fills with every address the page asks for outside the site's own
    origin (data: URLs aside): a page of this site must leave it empty."""
    origin = urlsplit(base_url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith("data:") or urlsplit(request.url).netloc == origin
            else elsewhere.append(request.url)
        ),
    )
    return elsewhere
