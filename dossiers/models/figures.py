from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dossiers.models.funding import LARGEST_AMOUNT, PARTIAL_DATE_HELP
from dossiers.models.sheet import SheetRow
from review.models import RevisionHistory
from sources.dates import format_partial_date, validate_partial_date


class Figure(SheetRow):
    """One published value of a measure, as a source gives it at a date.

    Sources often disagree (217, 240, 361 cameras ...): each value is its own row,
    shown beside the others, so that none overwrites another.
    """

    class Metric(models.TextChoices):
        CAMERAS = "cameras", _("nombre de caméras")
        VIDEO_STREAMS = "video_streams", _("nombre de flux vidéo")
        OPERATORS = "operators", _("nombre d’opérateurs")
        SENSORS = "sensors", _("nombre de capteurs")
        DRONES = "drones", _("nombre de drones")
        COST = "cost", _("coût (euros)")

    url_part = "chiffres"
    section_label = _("chiffre")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="figures"
    )
    metric = models.CharField(_("mesure"), max_length=20, choices=Metric)
    value = models.DecimalField(
        _("valeur"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(LARGEST_AMOUNT)],
    )
    as_of = models.CharField(
        _("date décrite"),
        max_length=10,
        blank=True,
        validators=[validate_partial_date],
        # Joined lazily: in the language of each page, not of the first import.
        help_text=format_lazy(
            "{} {} {}",
            _("La date à laquelle la valeur était vraie."),
            PARTIAL_DATE_HELP,
            _("Vide si la source ne la donne pas."),
        ),
    )
    scope = models.CharField(
        _("ce qui est compté"),
        max_length=300,
        blank=True,
        help_text=_("« caméras offertes par Huawei », « parc municipal, gare comprise »…"),
    )

    history = RevisionHistory(
        verbose_name=_("révision d’un chiffre"),
        verbose_name_plural=_("révisions des chiffres"),
    )

    class Meta:
        ordering = ["metric", "as_of", "value", "id"]
        verbose_name = _("chiffre")
        verbose_name_plural = _("chiffres")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="figure_value_positive")
        ]

    def __str__(self):
        return gettext("%(metric)s : %(value)s (%(as_of)s)") % {
            "metric": self.get_metric_display(),
            "value": self.value_display,
            "as_of": self.as_of_display,
        }

    @property
    def value_display(self):
        return floatformat(self.value, "-2g")

    @property
    def as_of_display(self):
        return format_partial_date(self.as_of) if self.as_of else gettext("date non précisée")

    def per_thousand_inhabitants(self, population):
        """Cameras per 1,000 inhabitants of the commune, or None if it cannot be said."""
        if self.metric != self.Metric.CAMERAS or not population:
            return None
        return self.value * 1000 / population
