from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dossiers.models.sheet import SheetRow
from review.models import RevisionHistory


class Technology(models.Model):
    """An entry of the taxonomy of surveillance technologies, kept by administrators."""

    # How open data names a technology: by its slug (review.exports).
    export_key = "slug"

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("technologie")
        verbose_name_plural = _("technologies")

    def __str__(self):
        return self.name


class TechnologyUse(SheetRow):
    """Where one technology stands in one dossier: announced, deployed, abandoned ..."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("annoncée")
        EXPERIMENTED = "experimented", _("expérimentée")
        DEPLOYED = "deployed", _("déployée")
        PRESENT_UNUSED = "present_unused", _("présente, dite inutilisée")
        ABANDONED = "abandoned", _("abandonnée")

    url_part = "technologies"
    section_label = _("technologie")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="technology_uses"
    )
    technology = models.ForeignKey(
        Technology, on_delete=models.PROTECT, related_name="uses", verbose_name=_("technologie")
    )
    status = models.CharField(_("état"), max_length=20, choices=Status)
    note = models.CharField(
        _("précision"),
        max_length=300,
        blank=True,
        help_text=_("Texte simple : « logiciel fourni par Huawei, non utilisé d’après la CNIL »."),
    )

    history = RevisionHistory(
        verbose_name=_("révision de l’état d’une technologie"),
        verbose_name_plural=_("révisions de l’état des technologies"),
    )

    class Meta:
        ordering = ["technology__position", "technology__name", "id"]
        verbose_name = _("technologie d’un dossier")
        verbose_name_plural = _("technologies des dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "technology"],
                condition=models.Q(removed=False),
                name="technology_once_per_dossier",
                violation_error_message=_(
                    "Cette technologie figure déjà dans ce dossier : modifiez sa ligne."
                ),
            )
        ]

    def __str__(self):
        return gettext("%(technology)s : %(status)s") % {
            "technology": self.technology.name,
            "status": self.get_status_display(),
        }
