from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import euros
from dossiers.models.sheet import SheetRow
from review.models import RevisionHistory
from sources.dates import format_partial_date, validate_partial_date

# No surveillance purchase of a French city comes near ten billion euros: a bigger
# amount is a typing error.
LARGEST_AMOUNT = Decimal("10000000000")

PARTIAL_DATE_HELP = _("Au jour, au mois ou à l’année près : « 09/12/2016 », « 02/2017 », « 2017 ».")


class ProcurementThreshold(models.Model):
    """A French threshold under which a public contract needs no publicity nor competition.

    Administrators keep this table up to date; the sheet flags funding lines just under
    the threshold in force at their date.
    """

    class Scope(models.TextChoices):
        ALL = "all", _("tous les marchés")
        SUPPLIES_SERVICES = "supplies_services", _("marchés de fournitures et de services")
        WORKS = "works", _("marchés de travaux")

    amount_excl_tax = models.DecimalField(_("seuil (euros HT)"), max_digits=12, decimal_places=2)
    scope = models.CharField(_("marchés concernés"), max_length=20, choices=Scope)
    valid_from = models.DateField(_("en vigueur à partir du"))
    valid_until = models.DateField(
        _("en vigueur jusqu’au"), null=True, blank=True, help_text=_("Vide : toujours en vigueur.")
    )
    legal_basis = models.CharField(_("texte"), max_length=300)

    class Meta:
        ordering = ["valid_from", "scope"]
        verbose_name = _("seuil de dispense de procédure")
        verbose_name_plural = _("seuils de dispense de procédure")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="threshold_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(amount_excl_tax__gt=0), name="threshold_amount_positive"
            ),
        ]

    def __str__(self):
        return gettext("%(amount)s HT (%(scope)s, %(date)s)") % {
            "amount": euros(self.amount_excl_tax),
            "scope": self.get_scope_display(),
            "date": date_format(self.valid_from, "SHORT_DATE_FORMAT"),
        }


class FundingLine(SheetRow):
    """Who paid whom, how much and by which instrument: one line of « Financement(s) »."""

    class Instrument(models.TextChoices):
        PUBLIC_CONTRACT = "public_contract", _("marché public")
        ADAPTED_PROCEDURE = "adapted_procedure", _("marché à procédure adaptée")
        UGAP = "ugap", _("achat par l’UGAP")
        CONVENTION = "convention", _("convention ou partenariat")
        DONATION_IN_KIND = "donation_in_kind", _("don en nature")
        SUBSIDY = "subsidy", _("subvention")
        MAINTENANCE = "maintenance", _("contrat de maintenance")
        LEASE = "lease", _("location")

    # Purchases a public buyer makes under the procurement code, which the
    # threshold check applies to (an UGAP purchase is exempt by law).
    CONTRACTS = (
        Instrument.PUBLIC_CONTRACT,
        Instrument.ADAPTED_PROCEDURE,
        Instrument.MAINTENANCE,
        Instrument.LEASE,
    )

    class TaxBasis(models.TextChoices):
        EXCLUDING = "excl", _("HT")
        INCLUDING = "incl", _("TTC")
        UNSTATED = "unstated", _("non précisé")

    class Nature(models.TextChoices):
        SUPPLIES_SERVICES = "supplies_services", _("fournitures et services")
        WORKS = "works", _("travaux")

    url_part = "financements"
    section_label = _("financement")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="funding_lines"
    )
    payer = models.ForeignKey(
        "dossiers.Actor",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("payeur"),
        help_text=_("Qui paie ou donne : le nom d’un acteur déjà enregistré."),
    )
    recipient = models.ForeignKey(
        "dossiers.Actor",
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("bénéficiaire"),
        help_text=_("Qui reçoit l’argent ou le matériel."),
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument)
    programme = models.CharField(
        _("dispositif"),
        max_length=100,
        blank=True,
        help_text=_("Pour une subvention : « FIPD », « FEDER », « DSIL »…"),
    )
    amount = models.DecimalField(
        _("montant (euros)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(LARGEST_AMOUNT)],
        help_text=_("Vide si le montant n’est pas connu. Pour un don en nature : sa valeur."),
    )
    tax_basis = models.CharField(
        _("taxes"), max_length=10, choices=TaxBasis, default=TaxBasis.UNSTATED
    )
    is_estimate = models.BooleanField(
        _("estimation"), default=False, help_text=_("Le montant est estimé, pas établi.")
    )
    nature = models.CharField(
        _("nature de l’achat"),
        max_length=20,
        choices=Nature,
        default=Nature.SUPPLIES_SERVICES,
        help_text=_("Les seuils de procédure des marchés de travaux sont différents."),
    )
    start = models.CharField(
        _("début"), max_length=10, validators=[validate_partial_date], help_text=PARTIAL_DATE_HELP
    )
    end = models.CharField(_("fin"), max_length=10, blank=True, validators=[validate_partial_date])
    share = models.DecimalField(
        _("part financée (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("La part du coût total que ce payeur prend en charge, si elle est connue."),
    )
    description = models.TextField(_("objet"), max_length=1000, blank=True)

    history = RevisionHistory(
        verbose_name=_("révision d’une ligne de financement"),
        verbose_name_plural=_("révisions des lignes de financement"),
    )

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="funding_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gte=0, share__lte=100),
                name="funding_share_percentage",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "removed"], name="funding_instrument")]

    def __str__(self):
        if self.amount is None:
            return str(self.get_instrument_display())
        return gettext("%(instrument)s, %(amount)s") % {
            "instrument": self.get_instrument_display(),
            "amount": euros(self.amount),
        }

    @property
    def in_kind(self):
        return self.instrument == self.Instrument.DONATION_IN_KIND

    @property
    def period_display(self):
        start, end = format_partial_date(self.start), format_partial_date(self.end)
        return f"{start} – {end}" if end else start
