from django import template

from dossiers.models import ProcurementThreshold
from dossiers.sheet import threshold_flag

register = template.Library()


@register.filter
def checked_alone(funding_line):
    """A funding line as a one-line list, with its threshold check, for a preview."""
    funding_line.threshold_flag = threshold_flag(
        funding_line, list(ProcurementThreshold.objects.all())
    )
    return [funding_line]
