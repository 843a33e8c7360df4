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
    (title, alt, aria-label, placeholder). Skipped: code, preformatted text, scripts,
    form fields, and diffs (class "diff"), which show text exactly as it was typed."""

    VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
    INLINE = {"a", "abbr", "b", "cite", "del", "em", "i", "ins", "mark", "q", "s", "small",
              "span", "strong", "sub", "sup", "time", "u"}  # fmt: skip
    READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.verbatim = None  # (tag, depth) of the verbatim element we are in
        self.run = []
        self.texts = []

    def flush(self):
        if self.run:
            self.texts.append("".join(self.run))
            self.run = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self.flush()
        if self.verbatim:
            name, depth = self.verbatim
            if tag == name:
                self.verbatim = (name, depth + 1)
            return
        if tag in self.VERBATIM or "diff" in (dict(attrs).get("class") or "").split():
            self.verbatim = (tag, 1)
            return
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self.flush()
        if self.verbatim and tag == self.verbatim[0]:
            name, depth = self.verbatim
            self.verbatim = (name, depth - 1) if depth > 1 else None

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


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Lower-case words only: « CC BY-SA » is not French.
FRENCH_WORDS = re.compile(
    r"[àâçéèêëîïôûùœÀÂÇÉÈÊËÎÏÔÛÙŒ]|\b(?:[Ll]e|[Ll]a|[Ll]es|[Dd]es|du|une|et|est|aux|dans|pour"
    r"|sur|avec|pas|aucun|aucune|cette|qui|que|[Vv]ous|votre|vos|nous|ou|au|en|ne|se|sa|son"
    r"|ses|leur|mais|donc)\b"
)


class _LanguageCollector(HTMLParser):
    """Runs of visible text with the language they are declared in (the nearest
    `lang` attribute), and read attributes with the language of their element."""

    READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
    # A document title cannot mark a part of itself as French ("History: <a French
    # title>"), and form fields hold what was typed.
    SKIPPED = {"script", "style", "textarea", "code", "pre", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.texts = []  # (lang, text)

    @property
    def lang(self):
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return None

    def skipping(self):
        return any(tag in self.SKIPPED for tag, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang") or self.lang
        if not self.skipping():
            for name in self.READ_ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append((lang, attributes[name]))
        if tag not in VOID:
            self.stack.append((tag, attributes.get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self.skipping():
            self.texts.append((self.lang, data.strip()))


def french_outside_french_elements(html):
    """Text of an English page that looks French and is not inside an element that
    declares French (`lang="fr"`): an interface string left untranslated, or
    contributors' text that does not say which language it is in."""
    collector = _LanguageCollector()
    collector.feed(html)
    collector.close()
    return [
        text
        for lang, text in collector.texts
        # An address shown as a link's text is no language (its path may be a slug).
        if lang != "fr"
        and not text.startswith(("http://", "https://"))
        and FRENCH_WORDS.search(text)
    ]
