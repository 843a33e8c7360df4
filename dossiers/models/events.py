from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dossiers.models.funding import PARTIAL_DATE_HELP
from dossiers.models.sheet import SheetRow
from review.models import RevisionHistory
from sources.dates import format_partial_date, validate_partial_date


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

    history = RevisionHistory(
        verbose_name=_("révision d’un événement"),
        verbose_name_plural=_("révisions des événements"),
    )

    class Meta:
        # Reduced ISO dates sort as text: "2017" before "2017-02" before "2017-02-01".
        ordering = ["date", "id"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [models.Index(fields=["date"], name="event_date")]

    def __str__(self):
        return gettext("%(date)s : %(event)s") % {"date": self.date_display, "event": self.title}

    @property
    def date_display(self):
        return format_partial_date(self.date)
