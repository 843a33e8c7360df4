"""{% load formatting %}: amounts and percentages (core.formatting), and French
typographic spacing for plain text that users wrote (core.typography)."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from core import formatting
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


def _with_ordinals(spaced):
    parts = split_ordinals(spaced)
    return "".join(plain + (f"<sup>{suffix}</sup>" if suffix else "") for plain, suffix in parts)


@register.filter(needs_autoescape=True)
def typeset(text, autoescape=True):
    """Plain text a contributor wrote: escaped, spaced the French way, ordinals raised
    (« 1er » as 1<sup>er</sup>), and marked as French (`lang`) on a page in another
    language. Safe output: apply it before filters that expect HTML (linebreaksbr),
    after those that cut text (truncatewords), and never inside an attribute (`spaced`)."""
    if text is None or text == "":
        return ""
    escape = conditional_escape if autoescape else str
    # Spacing only replaces spaces, and an ordinal's suffix is letters: escaping
    # first keeps the result safe. French spacing follows the text's language, which
    # is French on every interface.
    html = _with_ordinals(space_french(str(escape(text))))
    if translation.get_language() != settings.CONTENT_LANGUAGE:
        html = f'<span lang="{settings.CONTENT_LANGUAGE}">{html}</span>'
    return mark_safe(html)  # noqa: S308 -- escaped above


@register.filter(needs_autoescape=True)
def ordinals(text, autoescape=True):
    """A date or label the interface wrote (« 1er août 2021 »): ordinals raised, escaped."""
    if text is None:
        return ""
    escape = conditional_escape if autoescape else str
    return mark_safe(_with_ordinals(str(escape(text))))  # noqa: S308 -- escaped above


@register.simple_tag
def content_lang():
    """` lang="fr"` on an element holding contributors' text, on a page in another
    language; nothing on a French page."""
    if translation.get_language() == settings.CONTENT_LANGUAGE:
        return ""
    return format_html(' lang="{}"', settings.CONTENT_LANGUAGE)


@register.filter(needs_autoescape=True)
def spaced(text, autoescape=True):
    """`typeset` without markup, for attributes and the page's <title>: French
    spacing only, escaped."""
    if text is None:
        return ""
    escape = conditional_escape if autoescape else str
    return mark_safe(space_french(str(escape(text))))  # noqa: S308 -- escaped first


@register.simple_tag
def separator():
    """The semicolon between the items of an inline list: « a ; b » in French (a
    narrow no-break space before it), "a; b" in English."""
    return pgettext("between list items", " ; ")
