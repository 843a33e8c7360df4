"""Markdown to safe HTML: python-markdown, then bleach against an explicit allowlist.

This module imports nothing from Django: it also runs inside the rendering
worker process (see dossiers.rendering), which calls `serve`.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.html5lib_shim import Filter

from core.typography import space_french, split_ordinals
from sources.citation_syntax import CitationExtension

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Markup that python-markdown itself produces (footnotes, tables, code blocks), and
# citations.
ALLOWED_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref", "toc", "citation"})
CODE_LANGUAGE_CLASS = re.compile(r"^language-[a-z0-9_+-]{1,30}$")
# The site's own templates use ids starting with "site-" (and forms "id_"): a
# body may not take them over.
SAFE_ID = re.compile(r"^(?!site-|id_)[A-Za-z][A-Za-z0-9_:.-]{0,80}$")
TAGS_WITH_ID = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "li", "sup", "div", "dt"})
ATTRIBUTES_BY_TAG = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "q": {"cite"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALIGN_VALUES = frozenset({"left", "right", "center"})

MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists"]
MARKDOWN_CONFIG = {
    "extra": {
        "footnotes": {"BACKLINK_TITLE": "Revenir à l’appel de note %d"},
        "tables": {"use_align_attribute": True},
    },
}


def allow_attribute(tag, name, value):
    if name in ATTRIBUTES_BY_TAG.get(tag, ()):
        if name == "align":
            return value in ALIGN_VALUES
        if name == "start":
            return value.isascii() and value.isdigit()
        return True
    if name == "id":
        return tag in TAGS_WITH_ID and bool(SAFE_ID.match(value))
    if name == "class":
        classes = value.split()
        if tag == "code":
            return len(classes) == 1 and bool(CODE_LANGUAGE_CLASS.match(value))
        return bool(classes) and all(c in ALLOWED_CLASSES for c in classes)
    return False


def is_same_site(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


class DemoteTitleFilter(Filter):
    """A "# Title" in a body becomes <h2>, like "## Title": the dossier's own
    title is the page's only <h1>."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EndTag") and token.get("name") == "h1":
                token["name"] = "h2"
            yield token


class ExternalResourceFilter(Filter):
    """Marks links as user content and turns images from other hosts into links.

    An <img> pointing elsewhere would make every reader's browser contact a third
    party, so it becomes a plain link to the image; same-site images stay.
    """

    def __iter__(self):
        for token in super().__iter__():
            name = token.get("name")
            if token["type"] == "StartTag" and name == "a":
                href = token["data"].get((None, "href"), "")
                if href and not href.startswith("#"):
                    token["data"][(None, "rel")] = LINK_REL
                yield token
            elif token["type"] in ("StartTag", "EmptyTag") and name == "img":
                yield from self.image_tokens(token["data"])
            else:
                yield token

    def image_tokens(self, attributes):
        src = attributes.get((None, "src"), "")
        alt = attributes.get((None, "alt"), "")
        if src and is_same_site(src):
            attributes[(None, "loading")] = "lazy"
            yield {"type": "EmptyTag", "name": "img", "data": attributes}
            return
        if not src:
            # Its address was refused by the sanitiser: keep only the description.
            if alt:
                yield {"type": "Characters", "data": alt}
            return
        link = {(None, "href"): src, (None, "rel"): LINK_REL, (None, "class"): "external-image"}
        yield {"type": "StartTag", "name": "a", "data": link}
        yield {"type": "Characters", "data": f"[image : {alt or src}]"}
        yield {"type": "EndTag", "name": "a", "data": {}}


class FrenchTypographyFilter(Filter):
    """French spacing (core.typography) in the text of a body, and ordinals such as
    « 1er » as superscript; text inside code, keyboard input or preformatted blocks
    stays as typed, and attributes (addresses among them) are never touched.

    A run of text can reach the filter as several tokens (html5lib splits off
    leading and trailing spaces): consecutive text tokens are joined. « Huawei ? » can
    also straddle an inline element (« <em>Huawei</em> ? », « « <em>là</em> » »): a
    placeholder character stands for the text on the other side of the element while
    the run is spaced, so the space is treated as lying between two words.
    """

    VERBATIM = frozenset({"code", "kbd", "pre", "samp"})
    INLINE = frozenset(
        {"a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
         "small", "strong", "sub", "sup"}
    )  # fmt: skip
    WORD = "\x00"  # html5lib never passes this character through as text

    def __iter__(self):
        verbatim = 0
        pending = []
        after_word = False  # the run follows text of the same block, across inline tags
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("Characters", "SpaceCharacters"):
                pending.append(token["data"])
                continue
            name = token.get("name")
            inline = name in self.INLINE
            if pending:
                text = "".join(pending)
                pending = []
                yield from self.text_tokens(text, verbatim, after_word, before_word=inline)
                after_word = not text[-1].isspace()
            if not inline:
                after_word = False
            if name in self.VERBATIM:
                if kind == "StartTag":
                    verbatim += 1
                elif kind == "EndTag":
                    verbatim = max(verbatim - 1, 0)
            yield token
        if pending:
            yield from self.text_tokens("".join(pending), verbatim, after_word, before_word=False)

    @classmethod
    def text_tokens(cls, text, verbatim, after_word, before_word):
        if verbatim:
            yield {"type": "Characters", "data": text}
            return
        spaced = space_french(cls.WORD * after_word + text + cls.WORD * before_word)
        spaced = spaced.removeprefix(cls.WORD).removesuffix(cls.WORD)
        for plain, superscript in split_ordinals(spaced):
            if plain:
                yield {"type": "Characters", "data": plain}
            if superscript:
                yield {"type": "StartTag", "name": "sup", "data": {}}
                yield {"type": "Characters", "data": superscript}
                yield {"type": "EndTag", "name": "sup", "data": {}}


CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=allow_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[DemoteTitleFilter, ExternalResourceFilter, FrenchTypographyFilter],
)


def to_html(text):
    """Markdown source to (sanitised HTML ready to be stored, cited keys in order)."""
    citations = CitationExtension()
    converter = markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, citations],
        extension_configs=MARKDOWN_CONFIG,
        output_format="html",
    )
    html = CLEANER.clean(converter.convert(text))
    return html, citations.keys


class _SectionCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []
        self.current = None
        self.in_note_call = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        anchor = attrs.get("id")
        if tag == "h2" and anchor:
            self.current = {"id": anchor, "title": ""}
        elif tag == "sup" and (
            attrs.get("class") == "citation" or attrs.get("id", "").startswith("fnref")
        ):
            # A citation or footnote call; an ordinal's <sup> (« 1er ») is title text.
            self.in_note_call = True

    def handle_data(self, data):
        # A citation or footnote call in a heading is not part of its title.
        if self.current is not None and not self.in_note_call:
            self.current["title"] += data

    def handle_endtag(self, tag):
        if tag == "sup":
            self.in_note_call = False
        elif tag == "h2" and self.current is not None:
            self.current["title"] = " ".join(self.current["title"].split())
            self.sections.append(self.current)
            self.current = None


def outline(html):
    """The sections of sanitised HTML, [{"id": ..., "title": ...}], for a table of contents.

    Titles are plain text: templates escape them like any other text.
    """
    collector = _SectionCollector()
    collector.feed(html)
    collector.close()
    return collector.sections


class CpuLimitExceeded(Exception):
    """Raised inside the rendering worker when one text used up its CPU time."""


def _cpu_limit_reached(signum, frame):
    raise CpuLimitExceeded


# Lower than the web workers': a costly text slows its own rendering, not the site.
WORKER_NICENESS = 5


def serve(connection, memory_limit_bytes):
    """The loop of the rendering worker process: (text, cpu_seconds) in, one result out.

    Each text gets `cpu_seconds` of the worker's own CPU time (ITIMER_PROF counts
    it, whatever else the machine is doing), so the same text gets the same answer
    on a busy server as on an idle one.
    """
    import os
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (memory_limit_bytes, memory_limit_bytes))
    os.nice(WORKER_NICENESS)
    signal.signal(signal.SIGPROF, _cpu_limit_reached)
    connection.send(("ready", None))
    while True:
        try:
            text, cpu_seconds = connection.recv()
        except EOFError:
            return
        try:
            signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
            try:
                result = to_html(text)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        except CpuLimitExceeded:
            connection.send(("cpu", None))
        except MemoryError:
            connection.send(("memory", None))
        except Exception as error:  # a worker answers every request, whatever failed
            connection.send(("error", f"{type(error).__name__}: {error}"))
        else:
            connection.send(("ok", result))


class _TextCollector(HTMLParser):
    """The text of sanitised HTML, cut at each h2 with an id: [(anchor, text)]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = [["", []]]
        self.in_note_call = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and attrs.get("id"):
            self.parts.append([attrs["id"], []])
        elif tag == "sup" and (
            attrs.get("class") == "citation" or attrs.get("id", "").startswith("fnref")
        ):
            self.in_note_call = True
        elif tag in BLOCK_TAGS:
            self.parts[-1][1].append("\n")

    def handle_endtag(self, tag):
        if tag == "sup":
            self.in_note_call = False
        elif tag in BLOCK_TAGS:
            self.parts[-1][1].append("\n")

    def handle_data(self, data):
        if not self.in_note_call:
            self.parts[-1][1].append(data)


BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "tr", "td", "th", "blockquote", "pre", "div"}


def text_sections(html):
    """[(anchor, plain text)] of sanitised HTML, one per section (the first, before
    any h2, with an empty anchor), without citation or footnote calls."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return [
        (anchor, " ".join("".join(chunks).split()))
        for anchor, chunks in collector.parts
        if "".join(chunks).strip() or anchor
    ]
