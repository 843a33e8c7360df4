"""Numbers and amounts as each language writes them: « 24 000 € » in French
(narrow no-break spaces between digit groups, a no-break space before the sign),
« €24,000 » in English."""

from django.template.defaultfilters import floatformat
from django.utils.translation import pgettext


def euros(amount):
    """An amount in euros, with cents only when there are some."""
    if amount is None or amount == "":
        return ""
    return pgettext("amount in euros", "%(amount)s €") % {"amount": floatformat(amount, "-2g")}


def percent(value, decimals="-1"):
    if value is None or value == "":
        return ""
    return pgettext("percentage", "%(value)s %%") % {"value": floatformat(value, f"{decimals}g")}
