"""{% load formatting %}: amounts and percentages (core.formatting), and French
typographic spacing for plain text that users wrote (core.typography)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from core import formatting
from core.i18n import content_lang_attribute
from core.typography import space_french, split_ordinals

register = template.Library()


@register.filter
def euros(amount):
    return formatting.euros(amount)


@register.filter
def long_date(day):
    """« 1er avril 2016 » (raise the ordinal with `ordinals`)."""
    return formatting.long_date(day) if day else ""


@register.filter
def percent(value, decimals="-1"):
    return formatting.percent(value, decimals)


def _escaped(text, autoescape):
    """`text` as escaped text ("" for None), ready for spacing: spacing only replaces
    spaces, and an ordinal's suffix is letters, so escaping first keeps it safe."""
    if text is None:
        return ""
    return str(conditional_escape(text) if autoescape else text)


def _with_ordinals(spaced):
    parts = split_ordinals(spaced)
    return "".join(plain + (f"<sup>{suffix}</sup>" if suffix else "") for plain, suffix in parts)


@register.filter(needs_autoescape=True)
def typeset(text, autoescape=True):
    """Plain text a contributor wrote: escaped, spaced the French way, ordinals raised
    (« 1er » as 1<sup>er</sup>), and marked as French (`lang`) on a page in another
    language. Safe output: apply it before filters that expect HTML (linebreaksbr),
    after those that cut text (truncatewords), and never inside an attribute (`spaced`)."""
    escaped = _escaped(text, autoescape)
    if not escaped:
        return ""
    # French spacing follows the text's language, which is French on every interface.
    html = _with_ordinals(space_french(escaped))
    if lang := content_lang_attribute():
        html = f"<span{lang}>{html}</span>"
    return mark_safe(html)  # noqa: S308 -- escaped by _escaped


@register.filter(needs_autoescape=True)
def ordinals(text, autoescape=True):
    """A date or label the interface wrote (« 1er août 2021 »): ordinals raised, escaped."""
    return mark_safe(_with_ordinals(_escaped(text, autoescape)))  # noqa: S308 -- escaped


@register.simple_tag
def content_lang():
    """` lang="fr"` on an element holding contributors' text, on a page in another
    language; nothing on a French page."""
    return mark_safe(content_lang_attribute())  # noqa: S308 -- a setting, no user input


@register.filter(needs_autoescape=True)
def spaced(text, autoescape=True):
    """`typeset` without markup, for attributes and the page's <title>: French
    spacing only, escaped."""
    return mark_safe(space_french(_escaped(text, autoescape)))  # noqa: S308 -- escaped


@register.simple_tag
def separator():
    """The semicolon between the items of an inline list: « a ; b » in French (a
    narrow no-break space before it), "a; b" in English."""
    return pgettext("between list items", " ; ")
