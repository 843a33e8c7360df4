"""Forms of the structured sheet's rows: each a reviewed edit of one row of one dossier."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.citations import refresh_citations
from dossiers.forms.fields import ActorField, DossierField, NumberField
from dossiers.models import ActorRole, Event, Figure, FundingLine, Technology, TechnologyUse
from dossiers.models.funding import LARGEST_AMOUNT
from review.forms import ReviewedModelForm
from sources.dates import partial_date_bounds
from sources.forms import PartialDateField, SourceKeysField

TOO_LARGE = gettext_lazy(
    "Plus de dix milliards d’euros : ce montant est invraisemblable, vérifiez les zéros."
)


class SheetRowForm(ReviewedModelForm):
    """What every row form shares: its dossier, its sources, and removal."""

    dossier = DossierField()
    source_keys = SourceKeysField(
        label=gettext_lazy("Sources"),
        help_text=gettext_lazy(
            "Les clés des sources qui l’établissent, séparées par « ; » : "
            "« mediapart-2021-08-01; afp-2021-08-03 ». Au moins une."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Creating a row removed from the start would make no sense.
            del self.fields["removed"]
        else:
            self.fields["removed"].label = _("Retirer cette ligne du dossier")

    def _get_validation_exclusions(self):
        # A new row has no "removed" field, yet the uniqueness of a technology or an
        # actor's role among the rows still shown depends on it: check it anyway.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("removed")
        return exclusions

    def save_revision(self, *, user, reason):
        row = super().save_revision(user=user, reason=reason)
        # The row's sources join (or leave) its dossier's reference list.
        refresh_citations(row.dossier)
        return row

    def clean_dossier(self):
        dossier = self.cleaned_data["dossier"]
        if self.instance.pk and dossier.pk != self.instance.dossier_id:
            raise ValidationError(_("Une ligne ne change pas de dossier."))
        return dossier


class FundingLineForm(SheetRowForm):
    payer = ActorField(label=gettext_lazy("Payeur"))
    recipient = ActorField(label=gettext_lazy("Bénéficiaire"))
    amount = NumberField(
        label=gettext_lazy("Montant (euros)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy(
            "« 24 000 » ou « 24 000,50 ». Vide si le montant n’est pas connu ; pour un don en "
            "nature, sa valeur."
        ),
    )
    share = NumberField(
        label=gettext_lazy("Part financée (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("La part du coût total que ce payeur prend en charge : « 50 »."),
    )
    start = PartialDateField(label=gettext_lazy("Début"), max_length=10)
    end = PartialDateField(label=gettext_lazy("Fin"), max_length=10, required=False)

    class Meta:
        model = FundingLine
        fields = [
            "dossier",
            "payer",
            "recipient",
            "instrument",
            "programme",
            "amount",
            "tax_basis",
            "is_estimate",
            "nature",
            "start",
            "end",
            "share",
            "description",
            "source_keys",
            "removed",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None:
            return None
        if amount < 0:
            raise ValidationError(_("Un montant ne peut pas être négatif."))
        if amount == 0:
            raise ValidationError(
                _("Un montant nul ne dit rien : laissez le champ vide si le montant est inconnu.")
            )
        if amount > LARGEST_AMOUNT:
            raise ValidationError(TOO_LARGE)
        return amount

    def clean_share(self):
        share = self.cleaned_data["share"]
        if share is not None and not 0 < share <= 100:
            raise ValidationError(_("Une part s’exprime entre 0 et 100 %."))
        return share

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and partial_date_bounds(end)[1] < partial_date_bounds(start)[0]:
            self.add_error("end", _("La fin ne peut pas précéder le début."))
        payer, recipient = cleaned.get("payer"), cleaned.get("recipient")
        if payer and payer == recipient:
            self.add_error("recipient", _("Le payeur et le bénéficiaire sont le même acteur."))
        return cleaned


class FigureForm(SheetRowForm):
    value = NumberField(
        label=gettext_lazy("Valeur"),
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("Telle que la source la donne : « 361 », « 2 000 000 »."),
    )
    as_of = PartialDateField(
        label=gettext_lazy("Date décrite"),
        max_length=10,
        required=False,
        help_text=gettext_lazy(
            "La date à laquelle la valeur était vraie, au jour, au mois ou à l’année près ; "
            "vide si la source ne la donne pas."
        ),
    )

    class Meta:
        model = Figure
        fields = ["dossier", "metric", "value", "as_of", "scope", "source_keys", "removed"]

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise ValidationError(_("Une valeur ne peut pas être négative."))
        if value > LARGEST_AMOUNT:
            raise ValidationError(_("Cette valeur est invraisemblable : vérifiez les zéros."))
        return value


class EventForm(SheetRowForm):
    date = PartialDateField(label=gettext_lazy("Date"), max_length=10)

    class Meta:
        model = Event
        fields = [
            "dossier", "date", "first_in_period", "title", "description", "source_keys",
            "removed",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ActorRoleForm(SheetRowForm):
    actor = ActorField(label=gettext_lazy("Acteur"))

    class Meta:
        model = ActorRole
        fields = ["dossier", "actor", "role", "note", "source_keys", "removed"]


class TechnologyUseForm(SheetRowForm):
    technology = forms.ModelChoiceField(
        label=gettext_lazy("Technologie"),
        queryset=Technology.objects.all(),
        to_field_name="slug",
        empty_label=gettext_lazy("Choisissez une technologie"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Technologie inconnue : choisissez-la dans la liste. Si elle manque, "
                "demandez à l’administration de l’ajouter."
            )
        },
    )

    class Meta:
        model = TechnologyUse
        fields = ["dossier", "technology", "status", "note", "source_keys", "removed"]
