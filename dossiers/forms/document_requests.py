from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import long_date
from dossiers import deadlines
from dossiers.forms.fields import ActorField
from dossiers.models import Actor, DocumentRequest, Dossier
from review.forms import ReviewedModelForm
from sources.forms import SourceKeysField, WebAddressField

State = DocumentRequest.State

# The fields each recorded state needs filled in.
STATE_NEEDS = {
    State.ANSWERED: ["answered_on"],
    State.PARTLY_ANSWERED: ["answered_on"],
    State.REFUSED: ["answered_on"],
    State.REFERRED: ["referred_on"],
    State.OPINION: ["referred_on", "opinion_on", "opinion"],
    State.ANSWERED_AFTER_OPINION: ["referred_on", "final_answer_on"],
    State.REFUSAL_CONFIRMED: ["referred_on", "final_answer_on"],
    State.COURT: ["referred_on", "court_on"],
}
DATE_FIELDS = [
    "sent_on",
    "received_on",
    "answered_on",
    "referred_on",
    "opinion_on",
    "final_answer_on",
    "court_on",
]
# Administrations are asked for documents; a company or a person is not one.
ADMINISTRATION_KINDS = (
    Actor.Kind.LOCAL_AUTHORITY,
    Actor.Kind.STATE,
    Actor.Kind.REGULATOR,
    Actor.Kind.OTHER,
)


class DossierSlugsField(forms.CharField):
    """The published dossiers a record serves, by URL identifier, typed "a; b"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean(self, value):
        value = super().clean(value)
        slugs = list(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))
        if not slugs:
            raise ValidationError(self.error_messages["required"], code="required")
        found = set(Dossier.objects.public().filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise ValidationError(
                _(
                    "Aucun dossier publié n’a l’identifiant « %(slug)s » : copiez-le depuis "
                    "l’adresse du dossier, par exemple « valenciennes-videosurveillance »."
                ),
                code="unknown",
                params={"slug": unknown[0]},
            )
        return "; ".join(slugs)


class DocumentRequestForm(ReviewedModelForm):
    administration = ActorField(
        label=gettext_lazy("Administration"),
        help_text=gettext_lazy(
            "L’acteur à qui la demande est adressée, par son nom : « Ville de Valenciennes », "
            "« Préfecture du Nord »."
        ),
    )
    dossier_slugs = DossierSlugsField(
        label=gettext_lazy("Dossiers"),
        help_text=gettext_lazy(
            "Les identifiants des dossiers que cette demande sert (dans leur adresse), "
            "séparés par « ; »."
        ),
    )
    answer_source_keys = SourceKeysField(
        label=gettext_lazy("Documents reçus"),
        required=False,
        help_text=gettext_lazy(
            "Les clés des sources qui gardent les documents reçus (une réponse à une demande "
            "CADA), séparées par « ; »."
        ),
    )
    public_url = WebAddressField(
        label=gettext_lazy("Adresse publique de la demande"),
        required=False,
        help_text=gettext_lazy("Sur Ma Dada ou un autre service en ligne, si elle y est publique."),
    )

    class Meta:
        model = DocumentRequest
        fields = [
            "title", "administration", "dossier_slugs", "asked", "documents", "sent_on",
            "month_only", "channel", "public_url", "received_on", "state", "answered_on",
            "referred_on", "opinion_on", "opinion", "final_answer_on", "court_on",
            "answer_source_keys", "notes",
        ]  # fmt: skip
        widgets = {
            **{
                name: forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
                for name in DATE_FIELDS
            },
            "asked": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_administration(self):
        actor = self.cleaned_data["administration"]
        if actor.kind not in ADMINISTRATION_KINDS:
            raise ValidationError(
                _(
                    "%(name)s n’est pas une administration (%(kind)s) : choisissez qui détient "
                    "les documents, une collectivité ou un service de l’État."
                )
                % {"name": actor.name, "kind": actor.get_kind_display()},
                code="not_administration",
            )
        return actor

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in DATE_FIELDS:
            if (day := cleaned.get(name)) and day > today:
                self.add_error(name, _("Cette date est dans le futur."))
        self._check_order(cleaned)
        state = cleaned.get("state")
        # Dates known to the month may be unknown: the state is what is known.
        needs = STATE_NEEDS.get(state, ())
        if cleaned.get("month_only"):
            needs = [name for name in needs if not name.endswith("_on")]
        for name in needs:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    _("L’état « %(state)s » demande ce champ.") % {"state": State(state).label},
                )
        return cleaned

    def _check_order(self, cleaned):
        """Each step comes after the one it answers; a referral after a refusal."""
        sent = cleaned.get("sent_on")
        if not sent:
            return
        for name in ("received_on", "answered_on"):
            if (day := cleaned.get(name)) and day < sent:
                self.add_error(
                    name,
                    _("Cette date précède l’envoi de la demande (%(day)s).")
                    % {"day": long_date(sent)},
                )
        referred = cleaned.get("referred_on")
        if referred and "answered_on" not in self.errors:
            answered = cleaned.get("answered_on")
            if cleaned.get("state") == State.ANSWERED:
                self.add_error(
                    "referred_on",
                    _("Une demande communiquée en entier ne se porte pas devant la CADA."),
                )
            elif answered and referred < answered:
                self.add_error(
                    "referred_on",
                    _("La CADA ne se saisit qu’après le refus, reçu le %(day)s.")
                    % {"day": long_date(answered)},
                )
            elif not answered and not cleaned.get("month_only"):
                silence = deadlines.implicit_refusal(cleaned.get("received_on") or sent).day
                if referred < silence:
                    self.add_error(
                        "referred_on",
                        _(
                            "La CADA ne se saisit qu’après le refus : sans réponse écrite, "
                            "le refus naît du silence le %(day)s (CRPA, art. R. 311-13)."
                        )
                        % {"day": long_date(silence)},
                    )
        later = [("opinion_on", "referred_on"), ("final_answer_on", "referred_on")]
        later += [("final_answer_on", "opinion_on"), ("court_on", "referred_on")]
        for name, before in later:
            day, first = cleaned.get(name), cleaned.get(before)
            if day and first and day < first and name not in self.errors:
                self.add_error(
                    name,
                    _("Cette date précède celle du champ « %(field)s » (%(day)s).")
                    % {"field": self.fields[before].label, "day": long_date(first)},
                )
        for name, needed in [("opinion_on", "referred_on"), ("final_answer_on", "referred_on")]:
            missing = not cleaned.get(needed) and needed not in self.errors
            if cleaned.get(name) and missing and name not in self.errors:
                self.add_error(needed, _("Indiquez d’abord la date de saisine de la CADA."))
