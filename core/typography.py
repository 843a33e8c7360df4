"""French typographic spacing for plain text: no line may start with « : », « ; »,
« ? », « ! » or « » », nor end with « « », nor split a number.

Only spaces the author typed are made unbreakable (plus the inside of « »), so code,
addresses and times (`https://`, `10:30`) are never touched; straight quotes stay as
typed. The functions take text, never markup: callers apply them to text between tags.
"""

import re

NBSP = "\u00a0"  # before « : », and between an amount and its currency or multiple
NNBSP = "\u202f"  # narrow: before « ; ! ? % », inside « », between digit groups

_SPACES = f"[ {NBSP}{NNBSP}]"
_BEFORE_NARROW = re.compile(rf"(?<=\S){_SPACES}+(?=[;!?»])")
# « 10 % », not « de %(count)s » (a placeholder); « %% » is a percent sign in a
# translatable string.
_BEFORE_PERCENT = re.compile(rf"(?:(?<=[\d)])|(?<=\)[sd])){_SPACES}+(?=%(?:%|[^(\w]|$))")
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACES}+(?=:)")
_AFTER_NUMERO = re.compile(rf"(?<=\b[nN]°){_SPACES}+(?=\S)")
_AFTER_OPENING_QUOTE = re.compile(rf"«{_SPACES}*(?=\S)")
_BEFORE_CLOSING_QUOTE = re.compile(rf"(?<=\S){_SPACES}*»")
# "24 000", "2 000 000": groups of three digits after one to three.
_DIGIT_GROUPS = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_SPACES}\d{{3}})+(?!\d)")
# An amount stays on the line of its currency or its multiple: « 24 000 € »,
# « 2 millions d’euros ».
_BEFORE_UNIT = re.compile(
    rf"(?:(?<=\d)|(?<=\)s)){_SPACES}+(?=(?:[€$£]|(?:euros?|EUR|k€|M€|millions?|milliards?)\b))"
)
# "1er", "1re", "2e", "3es": an ordinal written with digits, not inside a word or an
# address ("/1er-mai", "v2e").
ORDINAL = re.compile(r"(?<![\w/.:#-])(1)(ers?|res?)(?![\w/-])|(?<![\w/.:#-])(\d+)(es?)(?![\w/-])")


def space_french(text):
    """`text` with French typographic spacing (see the module's docstring)."""
    if not text:
        return text
    text = _DIGIT_GROUPS.sub(lambda m: re.sub(_SPACES, NNBSP, m.group(0)), text)
    text = _BEFORE_UNIT.sub(NBSP, text)
    text = _BEFORE_NARROW.sub(NNBSP, text)
    text = _BEFORE_PERCENT.sub(NNBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _AFTER_NUMERO.sub(NBSP, text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NNBSP, text)
    text = _BEFORE_CLOSING_QUOTE.sub(NNBSP + "»", text)
    return text


def split_ordinals(text):
    """`text` as (plain, superscript) pairs: "1er mai" gives [("1", "er"), (" mai", "")]."""
    parts, position = [], 0
    for match in ORDINAL.finditer(text):
        number = match.group(1) or match.group(3)
        suffix = match.group(2) or match.group(4)
        parts.append((text[position : match.start()] + number, suffix))
        position = match.end()
    if position < len(text) or not parts:
        parts.append((text[position:], ""))
    return parts


_TAG = re.compile(r"(<[^>]*>)")


def space_french_markup(text):
    """space_french() on the text of a string that may hold HTML tags (a translated
    string such as « <a href="%(url)s">Se connecter</a> : … »), never on the tags."""
    parts = _TAG.split(text)
    if len(parts) == 1:
        return space_french(text)
    # A tag counts as a word, so « <strong>x</strong> : » is spaced like « x : ».
    joined = "".join("\x00" if index % 2 else part for index, part in enumerate(parts))
    spaced = space_french(joined).split("\x00")
    tags = parts[1::2]
    tags.append("")
    return "".join(chunk + tag for chunk, tag in zip(spaced, tags, strict=True))
