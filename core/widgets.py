from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.i18n import content_lang_attribute


class PlainSelect(forms.Select):
    """A <select> rendered in Python rather than through templates.

    Django renders each option through two template includes. The filter forms of
    the list pages carry a few hundred options (departments, actors), and rendering
    them that way took most of a list page's time. The markup is Django's own.
    """

    # The options name records that contributors wrote (places, actors): on a page in
    # another language, each says it is in the content's language.
    content_options = False

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        content_lang = content_lang_attribute() if self.content_options else ""
        parts = [f'<select name="{conditional_escape(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'<option value="{conditional_escape(str(option["value"]))}"'
                f"{flatatt(option['attrs']) if option['attrs'] else ''}"
                f"{content_lang if option['value'] not in ('', None) else ''}>"
                f"{conditional_escape(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 -- every value above is escaped


class ContentSelect(PlainSelect):
    """A PlainSelect whose options are records written in French (regions, actors)."""

    content_options = True
