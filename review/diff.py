"""Word-level diffs of text, as HTML in which every token is escaped.

Text is compared line by line first, then word by word inside the lines that
changed: long bodies stay fast and the result stays readable. Long unchanged
stretches are folded to a few lines of context.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
TRIVIAL = re.compile(r"[\s\W]{1,3}")
CONTEXT_LINES = 2
# How much word-level matching one diff may do, counted in token pairs (the size of
# each changed block's old tokens times its new tokens, summed). A block that does
# not fit in what is left is shown whole, removed then added. Counted in work, not
# in time, so the same two texts always get the same diff, however busy the server
# (and a cached diff is the one any server would have made). Ordinary edits use a
# tiny part of it; it bounds the worst case, such as two unrelated 100 KB texts.
WORD_COMPARISON_BUDGET = 4_000_000


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    html: str
    changed: bool


def diff_text(old, new, *, word_budget=WORD_COMPARISON_BUDGET):
    """HTML for the change from `old` to `new`: <del> and <ins> around changed words."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    parts = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(
                _context(old_lines[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            )
        elif tag == "delete":
            parts.append(_marked("del", "".join(old_lines[i1:i2])))
        elif tag == "insert":
            parts.append(_marked("ins", "".join(new_lines[j1:j2])))
        else:
            old_block, new_block = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
            old_tokens, new_tokens = TOKEN.findall(old_block), TOKEN.findall(new_block)
            cost = len(old_tokens) * len(new_tokens)
            if cost <= word_budget:
                word_budget -= cost
                parts.append(_diff_words(old_tokens, new_tokens))
            else:
                parts.append(_marked("del", old_block))
                parts.append(_marked("ins", new_block))
    return mark_safe("".join(parts))  # noqa: S308 - every token went through escape()


def diff_fields(fields, old_values, new_values):
    """One FieldChange per (name, label) in `fields`, from two dicts of display text."""
    changes = []
    for name, label in fields:
        old, new = old_values.get(name, ""), new_values.get(name, "")
        changes.append(FieldChange(name, label, diff_text(old, new), old != new))
    return changes


def _diff_words(old_tokens, new_tokens):
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []  # [removed, added, unchanged]: unchanged is None inside a change
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            segments.append(["", "", removed])
        elif segments and segments[-1][2] is None:
            segments[-1][0] += removed
            segments[-1][1] += added
        else:
            segments.append([removed, added, None])
    parts = []
    for removed, added, unchanged in _absorb_trivial_matches(segments):
        if unchanged is not None:
            parts.append(escape(unchanged))
        else:
            parts.append(_marked("del", removed) + _marked("ins", added))
    return "".join(parts)


def _absorb_trivial_matches(segments):
    """Fold a lone space or punctuation mark between two changes into one change.

    "a, b" -> "c. d" reads better as one replaced phrase than as a mosaic of
    words around a shared comma.
    """
    merged = []
    for segment in segments:
        if (
            segment[2] is None
            and len(merged) >= 2
            and merged[-2][2] is None
            and TRIVIAL.fullmatch(merged[-1][2])
        ):
            glue = merged.pop()[2]
            previous = merged[-1]
            previous[0] += glue + segment[0]
            previous[1] += glue + segment[1]
        else:
            merged.append(segment)
    return merged


def _marked(tag, text):
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _context(lines, *, first, last):
    """Unchanged lines, folded to a little context around the changes."""
    keep_before = 0 if first else CONTEXT_LINES
    keep_after = 0 if last else CONTEXT_LINES
    if len(lines) <= keep_before + keep_after + 1:
        return escape("".join(lines))
    folded = len(lines) - keep_before - keep_after
    note = ngettext("… %(count)s ligne identique …", "… %(count)s lignes identiques …", folded) % {
        "count": folded
    }
    head = escape("".join(lines[:keep_before]))
    tail = escape("".join(lines[len(lines) - keep_after :]))
    return f'{head}<span class="diff-fold">{escape(note)}</span>{tail}'
