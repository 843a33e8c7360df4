"""Accent- and case-insensitive forms of place names, for slugs and search."""

import re
import unicodedata

# Characters that Unicode decomposition would drop instead of spelling out.
LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": " ", "ʼ": " "}
)
NON_ALNUM = re.compile(r"[^a-z0-9]+")
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def ascii_digits(text):
    """`text` with every decimal digit of any script ("٢٠٢١", "２０２１") in ASCII.

    Python's int() and \\d accept all of them; what is stored, compared and put in
    `<time datetime>` must use 0-9 only.
    """
    return "".join(
        str(unicodedata.decimal(char)) if not char.isascii() and char.isdecimal() else char
        for char in text
    )


def fold(text):
    """Lower-case ASCII words of a name, separated by single spaces.

    "L'Haÿ-les-Roses" and "l hay les roses" fold to the same string, and so do
    "St-Étienne" and "Saint Etienne", so a search can ignore accents,
    punctuation and the usual abbreviations on every database alike.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    words = NON_ALNUM.sub(" ", ascii_text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def place_slug(text):
    """A readable URL slug: "L'Haÿ-les-Roses" becomes "l-hay-les-roses"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return NON_ALNUM.sub("-", ascii_text).strip("-")
