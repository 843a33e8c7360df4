"""Filters that any app's FilterSet may use."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import PlainSelect

YES = "oui"
YES_NO = [(YES, _("Oui")), ("non", _("Non"))]


def yes_no_filter(method, label):
    """« Oui », « Non » or « Indifférent »; `method` gets "oui" or "non" (YES or not)."""
    return django_filters.ChoiceFilter(
        widget=PlainSelect, method=method, label=label, choices=YES_NO, empty_label=_("Indifférent")
    )
