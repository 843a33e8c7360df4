"""What a reader typed in the search box, made safe for either database.

The text is read here, never handed to a full-text engine as typed: words, phrases
in double quotes, and words or phrases excluded with a leading « - ». Everything
else (stray quotes, brackets, stars, the engines' own operators AND, OR, NOT, NEAR)
is dropped, so no input can be a syntax error. Each backend then writes the query in
its own language from these parts (search.backends).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 200
MAX_TERMS = 12
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# A double-quoted phrase, or a run of anything but spaces; either may start with « - ».
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
WORD = re.compile(r"\w+")

TOO_LONG = _("Votre recherche est trop longue : %(limit)s caractères au plus.")
NOTHING_TO_FIND = _(
    "Indiquez au moins un mot à chercher : les guillemets, le signe moins, les "
    "étoiles, les parenthèses et les mots AND, OR ou NOT seuls ne suffisent pas."
)


class QueryError(ValueError):
    pass


@dataclass
class Query:
    """Terms are tuples of words: one word, or the words of a phrase."""

    included: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @property
    def words(self):
        """Every word that must be found, for highlighting and locating passages."""
        return [word for term in self.included for word in term]


def words_of(text):
    return tuple(word for word in WORD.findall(text) if word not in OPERATORS)


def parse(text):
    """The Query in `text`; QueryError with a message for the reader if there is none."""
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise QueryError(TOO_LONG % {"limit": MAX_LENGTH})
    query = Query()
    for match in TOKEN.finditer(text):
        phrase_minus, phrase, word_minus, bare = match.groups()
        words = words_of(phrase if phrase is not None else bare)
        if not words:
            continue
        excluded = bool(phrase_minus if phrase is not None else word_minus)
        (query.excluded if excluded else query.included).append(words)
    if not query.included:
        raise QueryError(NOTHING_TO_FIND)
    query.included = query.included[:MAX_TERMS]
    query.excluded = query.excluded[:MAX_TERMS]
    return query


def fts5(query):
    """The FTS5 MATCH expression: every term (a bare word also as a prefix, since
    SQLite has no French stemming), none of the excluded ones. Words are \\w runs, so
    quoting them is enough to keep them from being read as syntax."""

    def term(words, prefix):
        quoted = '"' + " ".join(words) + '"'
        return f"{quoted}*" if prefix and len(words) == 1 else quoted

    expression = " AND ".join(term(words, prefix=True) for words in query.included)
    for words in query.excluded:
        expression += f" NOT {term(words, prefix=False)}"
    return expression


def websearch(query):
    """The text for PostgreSQL's websearch_to_tsquery, which reads quotes and « - »
    itself and never fails on its input."""
    parts = [
        " ".join(words) if len(words) == 1 else f'"{" ".join(words)}"' for words in query.included
    ]
    parts += [f'-"{" ".join(words)}"' for words in query.excluded]
    return " ".join(parts)
