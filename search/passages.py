"""Where the words of a query are in a text, found in Python: to link a result to
its section or passage, and to give PostgreSQL's ts_headline a passage to mark
rather than a whole document."""

import re
import unicodedata
from functools import lru_cache

# Characters on each side of the first match that a headline reads.
PASSAGE_RADIUS = 300
# The letters French writes with accents, and their accented forms.
ACCENTED = {
    "a": "aàâä",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîï",
    "o": "oôö",
    "u": "uùûü",
    "y": "yÿ",
}


def bare(word):
    """The word in lower case without accents."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@lru_cache(maxsize=256)
def pattern(word):
    """A regular expression for `word` at the start of a word, whatever its accents
    and case (so it reads the text as it is, and positions stay the text's)."""
    letters = "".join(
        f"[{ACCENTED[letter]}]" if letter in ACCENTED else re.escape(letter)
        for letter in bare(word)
    )
    return re.compile(rf"\b{letters}", re.IGNORECASE)


def first_match(text, words):
    """Where in `text` one of `words` (or, as French stemming would, its first five
    letters) first starts a word; None if nowhere."""
    best = None
    for word in words:
        for candidate in (word, bare(word)[:5]) if len(word) > 5 else (word,):
            match = pattern(candidate).search(text)
            if match and (best is None or match.start() < best):
                best = match.start()
                break
    return best


def passage(text, position, radius=PASSAGE_RADIUS):
    """The part of `text` around `position` (first_match's; its start if None), cut
    at spaces."""
    position = position or 0
    start = max(0, position - radius)
    end = position + radius
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        space = text.rfind(" ", position, end)
        end = space if space > 0 else end
    return text[start:end]
