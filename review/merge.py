"""Three-way merge of two edits that started from the same revision.

Two people edit the same text; the second to save started from a revision that
is no longer the latest. Their changes are compared line by line with that
common base: changes to different places of the text are combined, and only
changes that touch the same lines (or lines next to each other) are conflicts
for a person to settle.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Conflict:
    """Lines both sides changed differently, as each side wrote them."""

    base: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class Merge:
    """The merged text, as chunks: a str is agreed text, a Conflict is not."""

    chunks: tuple

    @property
    def conflicts(self):
        return [chunk for chunk in self.chunks if isinstance(chunk, Conflict)]

    @property
    def value(self):
        """The merged value (text, or a field's whole value); only once no conflict is left."""
        if len(self.chunks) == 1 and not isinstance(self.chunks[0], str | Conflict):
            return self.chunks[0]
        return "".join(self.chunks)


def merge_text(base, mine, theirs):
    """Merge `mine` and `theirs`, two edits of `base`."""
    if mine == theirs or theirs == base:
        return Merge((mine,))
    if mine == base:
        return Merge((theirs,))
    # A last line with or without its line break is the same line (forms strip it).
    base_lines, *sides = (_lines(text) for text in (base, mine, theirs))
    hunks = sorted(
        (i1, i2, side, j1, j2)
        for side, lines in enumerate(sides)
        for tag, i1, i2, j1, j2 in SequenceMatcher(
            None, base_lines, lines, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    )
    chunks, done = [], 0
    for low, high, group in _groups(hunks):
        chunks.append("".join(base_lines[done:low]))
        versions = [_side_text(base_lines, sides[side], low, high, group, side) for side in (0, 1)]
        involved = {hunk[2] for hunk in group}
        if len(involved) == 1:
            chunks.append(versions[involved.pop()])
        elif versions[0] == versions[1]:
            chunks.append(versions[0])
        else:
            chunks.append(Conflict("".join(base_lines[low:high]), *versions))
        done = high
    chunks.append("".join(base_lines[done:]))
    chunks = [chunk for chunk in chunks if chunk != ""]
    if not mine.endswith("\n") and chunks and isinstance(chunks[-1], str):
        chunks[-1] = chunks[-1].removesuffix("\n")
    return Merge(tuple(chunk for chunk in chunks if chunk != ""))


def _lines(text):
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _groups(hunks):
    """(low, high, hunks) per run of hunks whose base ranges overlap or touch.

    Touching counts: two people changing neighbouring lines most likely meant
    something about the same passage, so a person should look at it.
    """
    group = None
    for hunk in hunks:
        low, high = hunk[0], hunk[1]
        if group is not None and low <= group[1]:
            group[1] = max(group[1], high)
            group[2].append(hunk)
            continue
        if group is not None:
            yield tuple(group)
        group = [low, high, [hunk]]
    if group is not None:
        yield tuple(group)


def _side_text(base_lines, lines, low, high, group, side):
    """The base lines low..high as `side` left them: its own changes applied."""
    parts, position = [], low
    for i1, i2, hunk_side, j1, j2 in group:
        if hunk_side == side:
            parts.extend(base_lines[position:i1])
            parts.extend(lines[j1:j2])
            position = i2
    parts.extend(base_lines[position:high])
    return "".join(parts)


def merge_value(base, mine, theirs):
    """The merge of one field: text line by line, any other value as a whole."""
    if all(isinstance(value, str) for value in (base, mine, theirs)):
        return merge_text(base, mine, theirs)
    if mine == theirs or theirs == base:
        return Merge((mine,))
    if mine == base:
        return Merge((theirs,))
    return Merge((Conflict(base, mine, theirs),))


@dataclass(frozen=True)
class Folded:
    """Agreed lines left out of a merge's display."""

    count: int


def folded(chunks, context=2):
    """A merge's chunks for display: agreed text around the conflicts, kept to
    `context` lines on each side; longer stretches become a Folded count."""
    shown = []
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        if not isinstance(chunk, str):
            shown.append(chunk)
            continue
        lines = chunk.splitlines(keepends=True)
        keep_before = 0 if index == 0 else context
        keep_after = 0 if index == last else context
        if len(lines) <= keep_before + keep_after + 1:
            shown.append(chunk)
            continue
        if keep_before:
            shown.append("".join(lines[:keep_before]))
        shown.append(Folded(len(lines) - keep_before - keep_after))
        if keep_after:
            shown.append("".join(lines[-keep_after:]))
    return shown
