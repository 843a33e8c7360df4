from django import template
from django.urls import reverse

from dossiers.models import ProcurementThreshold
from dossiers.sheet import threshold_flag
from review.exports import tables

register = template.Library()


@register.filter
def checked_alone(funding_line):
    """A funding line as a one-line list, with its threshold check, for a preview."""
    funding_line.threshold_flag = threshold_flag(
        funding_line, list(ProcurementThreshold.objects.all())
    )
    return [funding_line]


@register.simple_tag
def dossier_extracts(dossier):
    """(table title, address) of the open-data extract of every table that has rows
    of `dossier` (review.exports): the dossier's own row first, then its sheet's."""
    links = []
    for table in tables():
        names = {column.name for column in table.columns}
        if table.name == "dossiers" or "dossier_id" in names:
            url = reverse("opendata:extract", args=[table.name])
            links.append((table.title, f"{url}?dossier={dossier.pk}"))
    return links
