from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
