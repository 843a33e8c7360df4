"""Assertions on sanitised HTML, read with a real HTML parser."""

import re
from html.parser import HTMLParser

from dossiers.markup import ALLOWED_PROTOCOLS, ALLOWED_TAGS

URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "data", "poster", "xlink:href"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser ignores in a URL before reading its scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html):
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def url_scheme(url):
    match = SCHEME.match(URL_NOISE.sub("", url))
    return match.group(1).lower() if match else None


def problems(html):
    """Everything in `html` that could run script or reach another host unasked."""
    found = []
    for tag, attrs in elements(html):
        if tag not in ALLOWED_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"event handler {name} on <{tag}>")
            if name in ("style", "srcdoc", "formaction", "background"):
                found.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in ALLOWED_PROTOCOLS:
                    found.append(f"{scheme}: URL in {name} of <{tag}>")
                if tag == "img" and name == "src" and (scheme or value.lstrip().startswith("//")):
                    found.append(f"third-party image {value!r}")
    return found


def assert_inert(html):
    assert problems(html) == [], html


def rendered_texts(page):
    """The user-written HTML a page shows: each `.dossier-text` block up to the end
    marker that follows it (the sanitiser strips comments, so a text cannot forge it)."""
    return [
        part.split("</div><!-- /dossier-text -->")[0]
        for part in page.split('<div class="dossier-text">')[1:]
    ]
