from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dossiers.models.funding import PARTIAL_DATE_HELP
from dossiers.models.sheet import SheetRow
from review.models import RevisionHistory
from sources.dates import chronological_key, format_partial_date, validate_partial_date


class Event(SheetRow):
    """A dated step of the dossier's story: a vote, a contract, an inspection ..."""

    url_part = "chronologie"
    section_label = _("chronologie")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="events")
    date = models.CharField(
        _("date"), max_length=10, validators=[validate_partial_date], help_text=PARTIAL_DATE_HELP
    )
    title = models.CharField(
        _("événement"),
        max_length=200,
        help_text=_("Une phrase courte : « Le conseil municipal adopte la délibération »."),
    )
    description = models.TextField(_("précisions"), max_length=1000, blank=True)
    first_in_period = models.BooleanField(
        _("avant les dates précises de sa période"),
        default=False,
        help_text=_(
            "Pour une date connue au mois ou à l’année près : l’événement se range après "
            "les dates précises du même mois ou de la même année, sauf si vous savez qu’il "
            "les précède."
        ),
    )
    # Derived from the date (sources.dates.chronological_key): the timeline's order.
    sort_key = models.CharField(max_length=16, editable=False, default="")

    history = RevisionHistory(
        excluded_fields=["sort_key"],
        verbose_name=_("révision d’un événement"),
        verbose_name_plural=_("révisions des événements"),
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [
            models.Index(fields=["date"], name="event_date"),
            models.Index(fields=["dossier", "sort_key"], name="event_timeline"),
        ]

    def save(self, *args, **kwargs):
        self.sort_key = chronological_key(self.date, first_in_period=self.first_in_period)
        super().save(*args, **kwargs)

    def __str__(self):
        return gettext("%(date)s : %(event)s") % {"date": self.date_display, "event": self.title}

    @property
    def date_display(self):
        return format_partial_date(self.date)

    @property
    def precision_label(self):
        """How precisely the date is known, when it is not known to the day."""
        return {1: _("date au mois près"), 0: _("date à l’année près")}.get(self.date.count("-"))
