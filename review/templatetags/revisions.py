from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from review.merge import Conflict, Folded

register = template.Library()


@register.filter
def size_change(size):
    """Characters added (+12, green) or removed (−12, red) by a revision or a change.

    A filter rather than an include: history and queue pages show it on every row.
    """
    if size > 0:
        css_class, text = "size size-up", f"+{size}"
    elif size < 0:
        css_class, text = "size size-down", f"−{-size}"
    else:
        css_class, text = "size", "0"
    return format_html(
        '<span class="{}" title="{}">{}</span>', css_class, _("caractères ajoutés ou retirés"), text
    )


@register.filter
def is_conflict(chunk):
    """Whether a chunk of a three-way merge is a passage both sides changed."""
    return isinstance(chunk, Conflict)


@register.filter
def folded_lines(chunk):
    """How many agreed lines a Folded chunk of a merge stands for, else None."""
    return chunk.count if isinstance(chunk, Folded) else None
