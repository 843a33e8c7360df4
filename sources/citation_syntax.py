"""Pandoc-style citations in markdown: `[@key]`, or `[@a; @b]` for several sources.

Each cited source gets a number in order of first citation; a citation renders
as superscript links to the dossier's reference list (`#ref-<number>`), which the
site builds from the keys collected here. This module imports nothing from Django:
it runs inside the markdown rendering worker.
"""

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# A key starts and ends with a letter or digit; inside, also "_", ".", ":" and "-".
KEY = r"[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?"
KEY_RE = re.compile(rf"^{KEY}$")
# Not followed by "(" or "[": "[@name](https://...)" stays an ordinary link.
CITATION_RE = rf"\[(@{KEY}(?:\s*;\s*@{KEY})*)\](?![(\[])"


def normalise_key(key):
    return key.lower()


class CitationProcessor(InlineProcessor):
    def __init__(self, pattern, extension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, match, data):
        keys = [normalise_key(part.strip()[1:]) for part in match.group(1).split(";")]
        sup = etree.Element("sup", {"class": "citation"})
        sup.text = "["
        # Numbered in the order typed (a first citation takes the next number),
        # printed in ascending order: [3, 16], never [16, 3].
        numbered = sorted(self.extension.number_for(key) for key in dict.fromkeys(keys))
        link = None
        for number, first_time in numbered:
            if link is not None:
                link.tail = ", "
            link = etree.SubElement(sup, "a", {"href": f"#ref-{number}"})
            if first_time:
                link.set("id", f"cite-{number}")
            link.text = str(number)
        link.tail = "]"
        return sup, match.start(0), match.end(0)


class CitationExtension(Extension):
    """Numbers cited keys in order of first citation; `keys` lists them in that order."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.numbers = {}

    @property
    def keys(self):
        return list(self.numbers)

    def number_for(self, key):
        """The key's number, and whether this is its first citation."""
        if key in self.numbers:
            return self.numbers[key], False
        self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key], True

    def reset(self):
        self.numbers = {}

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # Before links, references and footnotes (160 to 175); after code spans and
        # escapes (190, 180), so `[@key]` in code or written \[@key] stays text.
        md.inlinePatterns.register(CitationProcessor(CITATION_RE, self), "citation", 177)


def split_keys(text):
    """The keys in a list typed as "a; b", "@a, @b" or "[@a; @b]": (keys, unreadable parts).

    Keys keep their first-seen order and appear once.
    """
    keys, unreadable = [], []
    for part in re.split(r"[;,\s]+", text.strip().strip("[]")):
        part = part.strip("[]").lstrip("@")
        if not part:
            continue
        if KEY_RE.match(part):
            keys.append(normalise_key(part))
        else:
            unreadable.append(part)
    return list(dict.fromkeys(keys)), unreadable
