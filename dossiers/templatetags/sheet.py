from functools import cache

from django import template
from django.urls import reverse

from dossiers.models import ProcurementThreshold
from dossiers.sheet import threshold_flag
from review.exports import referring, tables

register = template.Library()


@register.filter
def checked_alone(funding_line):
    """A funding line as a one-line list, with its threshold check, for a preview."""
    funding_line.threshold_flag = threshold_flag(
        funding_line, list(ProcurementThreshold.objects.all())
    )
    return [funding_line]


@cache
def tables_with_dossier_rows():
    """(name, title) of the open-data tables that hold rows of a dossier (review.exports):
    the dossiers' own, then those whose foreign key refers to a dossier. Read once:
    the tables are all registered once the apps are ready, and building them costs
    ~2 ms a page."""
    every = tables()
    dossiers = next(table for table in every if table.name == "dossiers")
    return [(dossiers.name, dossiers.title)] + [
        (other.name, other.title) for _key, other, _column in referring(dossiers, every)
    ]


@register.simple_tag
def dossier_extracts(dossier):
    """(table title, address) of the open-data extract of every table that has rows
    of `dossier`: the dossier's own row first, then its sheet's."""
    return [
        (title, f"{reverse('opendata:extract', args=[name])}?dossier={dossier.pk}")
        for name, title in tables_with_dossier_rows()
    ]
