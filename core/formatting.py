"""Numbers and amounts as each language writes them: « 24 000 € » in French
(narrow no-break spaces between digit groups, a no-break space before the sign),
« €24,000 » in English."""

import datetime

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext


def euros(amount):
    """An amount in euros, with cents only when there are some."""
    if amount is None or amount == "":
        return ""
    return pgettext("amount in euros", "%(amount)s €") % {"amount": floatformat(amount, "-2g")}


def percent(value, decimals="-1"):
    if value is None or value == "":
        return ""
    return pgettext("percentage", "%(value)s %%") % {"value": floatformat(value, f"{decimals}g")}


def long_date(day):
    """A day (or the day of a moment, in the site's time zone) as the interface's
    language writes it in full: « 1er avril 2016 », "April 1, 2016"."""
    if isinstance(day, datetime.datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    text = date_format(day, "DATE_FORMAT")
    if day.day == 1 and get_language() == "fr":
        # The first day of a month is an ordinal in French.
        text = text.replace("1", "1er", 1)
    return text
