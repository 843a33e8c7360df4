import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.text import fold
from dossiers.models import Dossier
from review.forms import ReviewedModelForm
from sources.citations import references

INSEE_CODE = re.compile(r"^\s*(\d[\dAB]\d{3})\s*$", re.IGNORECASE)
NAME_AND_DEPARTMENT = re.compile(r"^\s*(.+?)\s*\(\s*(\d[\dAB]?\d?)\s*\)\s*$", re.IGNORECASE)


class CityField(forms.ModelChoiceField):
    """A commune typed as text: "Valenciennes", "Valenciennes (59)" or its INSEE code.

    35,000 communes make a poor drop-down list; a name that several communes
    share is answered with the list of them, so the contributor can pick one.
    """

    widget = forms.TextInput(
        attrs={
            "autocomplete": "off",
            "spellcheck": "false",
            # static/js/city-suggest.js offers matching communes as the contributor types.
            "data-suggest-url": reverse_lazy("cities:suggestions"),
        }
    )
    default_error_messages = {
        "invalid_choice": _("Aucune commune ne correspond à « %(value)s »."),
    }
    suggestion_count = 8

    def __init__(self, **kwargs):
        super().__init__(
            queryset=City.objects.with_location(), to_field_name="insee_code", **kwargs
        )

    def prepare_value(self, value):
        if isinstance(value, City):
            return str(value)
        if isinstance(value, int) or (isinstance(value, str) and INSEE_CODE.match(value)):
            city = self.queryset.filter(
                **{"pk" if isinstance(value, int) else "insee_code": value}
            ).first()
            return str(city) if city else value
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        value = str(value).strip()[:120]
        if match := INSEE_CODE.match(value):
            matches = list(self.queryset.filter(insee_code=match[1].upper()))
        elif match := NAME_AND_DEPARTMENT.match(value):
            matches = list(
                self.queryset.filter(search_name=fold(match[1]), department__code=match[2].upper())
            )
        else:
            matches = list(self.queryset.filter(search_name=fold(value))[: self.suggestion_count])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _(
                    "Plusieurs communes portent ce nom : %(cities)s. Précisez le département "
                    "entre parenthèses, par exemple « %(example)s »."
                ),
                code="ambiguous",
                params={"cities": ", ".join(map(str, matches)), "example": matches[0]},
            )
        suggestions = (
            list(self.queryset.search(value)[: self.suggestion_count]) if fold(value) else []
        )
        if suggestions:
            raise ValidationError(
                _("Aucune commune ne s’appelle « %(value)s ». Vouliez-vous dire : %(cities)s ?"),
                code="invalid_choice",
                params={"value": value, "cities": ", ".join(map(str, suggestions))},
            )
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class DossierForm(ReviewedModelForm):
    city = CityField(
        label=_("Commune"),
        help_text=_(
            "Son nom, par exemple « Valenciennes » ; si plusieurs communes le portent, "
            "ajoutez le département : « Sainte-Colombe (35) ». Le code INSEE convient aussi."
        ),
    )

    class Meta:
        model = Dossier
        fields = ["city", "title", "summary", "body"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        }
        help_texts = {
            "body": _(
                "En markdown. Citez une source par sa clé entre crochets : "
                "[@mediapart-2021-08-01], ou plusieurs : [@cle-1; @cle-2]. La liste des "
                "références est numérotée toute seule."
            ),
        }

    def can_preview(self):
        # A text whose only fault is an unknown source key still shows, with that
        # reference marked, so the author sees what to fix.
        return getattr(self.instance, "_rendered_body", None) == self.instance.body

    def preview_context(self):
        return {"preview_references": references(self.instance.citation_keys)}

    def save(self, commit=True):
        # Whatever reaches the live table through this form has been reviewed or
        # was written by someone trusted to publish.
        self.instance.status = Dossier.Status.PUBLISHED
        return super().save(commit)
