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


class _TextCollector(HTMLParser):
    """Text a reader sees, one run per block (inline elements do not break a run, so
    « <em>Huawei</em> ? » is one run), and the attributes a reader hears or reads
    (title, alt, aria-label, placeholder); never code, preformatted text, scripts or
    form fields."""

    VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
    INLINE = {"a", "abbr", "b", "cite", "del", "em", "i", "ins", "mark", "q", "s", "small",
              "span", "strong", "sub", "sup", "time", "u"}  # fmt: skip
    READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.verbatim = 0
        self.run = []
        self.texts = []

    def flush(self):
        if self.run:
            self.texts.append("".join(self.run))
            self.run = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self.flush()
        if tag in self.VERBATIM:
            self.verbatim += 1
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self.flush()
        if tag in self.VERBATIM:
            self.verbatim = max(self.verbatim - 1, 0)

    def handle_data(self, data):
        if not self.verbatim:
            self.run.append(data)

    def close(self):
        super().close()
        self.flush()


# An ordinary space (or line break) before « : ; ? ! » », or after « «.
LOOSE_FRENCH_SPACE = re.compile(r"\S[ \n\t]+[:;?!»]|«[ \n\t]")


def loose_french_spaces(html):
    """Each place where `html` shows French punctuation with a breakable space."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    found = []
    for text in collector.texts:
        for match in LOOSE_FRENCH_SPACE.finditer(text):
            found.append(text[max(match.start() - 30, 0) : match.end() + 10])
    return found
