"""Dates known to the day, the month or only the year, stored as reduced ISO 8601.

"2021-08-01", "2021-08" and "2021" sort and filter as text, in that order, on every
database, and say by their length how precise they are.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cities.text import ascii_digits
from core.formatting import long_date

# ASCII digits only: \d would also match other scripts' digits.
ISO_FORMS = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")
FRENCH_FORMS = re.compile(
    r"^(?:(?P<day>[0-9]{1,2})[/.])?(?P<month>[0-9]{1,2})[/.](?P<year>[0-9]{4})$"
)

INVALID = _(
    "Date non reconnue : écrivez le jour, le mois ou seulement l’année, par exemple "
    "« 01/08/2021 », « 08/2021 » ou « 2021 »."
)


def parse_partial_date(text):
    """ "1/8/2021", "08/2021", "2021", "2021-08-01" ... as reduced ISO 8601, or ValidationError."""
    text = ascii_digits(text.strip())
    match = ISO_FORMS.match(text) or FRENCH_FORMS.match(text)
    if match is None:
        raise ValidationError(INVALID, code="invalid")
    year, month, day = (match.group(name) for name in ("year", "month", "day"))
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValidationError(INVALID, code="invalid") from None
    if int(year) < 1800:
        raise ValidationError(INVALID, code="invalid")
    parts = [year] + [f"{int(part):02d}" for part in (month, day) if part]
    return "-".join(parts)


def validate_partial_date(value):
    if value and parse_partial_date(value) != value:
        raise ValidationError(INVALID, code="invalid")


# What a field this validates holds, as open data declares it (review.exports): an
# ISO year, month or day, never widened to a day.
validate_partial_date.stored_pattern = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"


def format_partial_date(value):
    """The date as the interface's language writes it, as precise as it is known:
    « 1er août 2021 », « août 2021 », « 2021 »; « Aug. 1, 2021 » in English."""
    if not value:
        return ""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return date_format(datetime.date(parts[0], parts[1], 1), "YEAR_MONTH_FORMAT")
    return long_date(datetime.date(*parts))


def chronological_key(value, *, first_in_period=False):
    """A text that sorts partial dates as a timeline should: a date known to the month
    or the year comes after the precise dates it contains ("2021-08-01", then "2021-08",
    then "2021"), unless `first_in_period` places it before them."""
    first, last = partial_date_bounds(value)
    precision = value.count("-")  # 2: day, 1: month, 0: year
    if precision == 2:
        return f"{first.isoformat()}:1-"
    if first_in_period:
        return f"{first.isoformat()}:0{precision}"
    return f"{last.isoformat()}:1{3 - precision}"


def partial_date_bounds(value):
    """The first and last days a reduced ISO date may mean: "2017-02" → 1st and 28 Feb 2017."""
    parts = [int(part) for part in value.split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    if day is not None:
        first = last = datetime.date(year, month, day)
    elif month is not None:
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    else:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return first, last
