"""{% load formatting %}: amounts and percentages (core.formatting), and French
typographic spacing for plain text that users wrote (core.typography)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import formatting
from core.typography import space_french, split_ordinals

register = template.Library()


@register.filter
def euros(amount):
    return formatting.euros(amount)


@register.filter
def percent(value, decimals="-1"):
    return formatting.percent(value, decimals)


@register.filter(needs_autoescape=True)
def typeset(text, autoescape=True):
    """Escape `text` (plain text a user wrote, in French), then space it the French
    way and raise ordinals (« 1er » as 1<sup>er</sup>). Safe output: apply it
    before filters that expect HTML, such as linebreaksbr."""
    if text is None:
        return ""
    escape = conditional_escape if autoescape else str
    # French is the language content is written in: spacing follows it on every
    # interface, since it is part of the text, not of the interface.
    # Spacing only replaces spaces, and an ordinal's suffix is letters: escaping
    # first keeps the result safe.
    parts = split_ordinals(space_french(str(escape(text))))
    html = "".join(plain + (f"<sup>{suffix}</sup>" if suffix else "") for plain, suffix in parts)
    return mark_safe(html)  # noqa: S308 -- escaped above
