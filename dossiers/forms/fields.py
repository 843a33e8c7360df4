"""Form fields for what contributors type as text: a commune, an actor, an amount."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import City
from cities.text import ascii_digits, fold
from dossiers.models import Actor, Dossier

INSEE_CODE = re.compile(r"^\s*([0-9][0-9AB][0-9]{3})\s*$", re.IGNORECASE)
NAME_AND_DEPARTMENT = re.compile(r"^\s*(.+?)\s*\(\s*([0-9][0-9AB]?[0-9]?)\s*\)\s*$", re.IGNORECASE)


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
        "invalid_choice": gettext_lazy("Aucune commune ne correspond à « %(value)s »."),
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
        value = ascii_digits(str(value).strip()[:120])
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


class ActorField(forms.ModelChoiceField):
    """An actor typed by name ("Huawei", accents and case aside) or URL identifier.

    Actors are shared by every dossier: an unknown name is refused with the closest
    names and a link to create the actor first, never created on the fly.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    suggestion_count = 5

    def __init__(self, **kwargs):
        super().__init__(queryset=Actor.objects.all(), to_field_name="slug", **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Actor):
            return value.name
        if isinstance(value, int):
            actor = self.queryset.filter(pk=value).first()
            return actor.name if actor else value
        if isinstance(value, str):
            actor = self.queryset.filter(slug=value).first()
            return actor.name if actor else value
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        value = str(value).strip()[:200]
        actor = (
            self.queryset.filter(search_name=fold(value)).first()
            or self.queryset.filter(slug=value).first()
        )
        if actor is not None:
            return actor
        suggestions = []
        if fold(value):
            suggestions = [
                actor.name
                for actor in self.queryset.filter(search_name__contains=fold(value))[
                    : self.suggestion_count
                ]
            ]
        hint = _("Vouliez-vous dire : %(names)s ?") % {"names": ", ".join(suggestions)}
        raise ValidationError(
            format_html(
                '{} {} <a href="{}">{}</a>',
                _("Aucun acteur enregistré ne s’appelle « %(value)s ».") % {"value": value},
                hint if suggestions else "",
                reverse("actors:create"),
                _("Enregistrer un nouvel acteur"),
            ),
            code="invalid_choice",
        )


class DossierField(forms.ModelChoiceField):
    """The published dossier a sheet row belongs to, carried by the form unseen."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Dossier.objects.public().with_city(), to_field_name="slug", **kwargs
        )


class NumberField(forms.DecimalField):
    """A number typed the French way: "24 000", "24 000,50 €", "12,5 %"."""

    SPACES_AND_UNITS = re.compile(r"[\s\u00a0\u202f€%]|eur(?:os?)?$", re.IGNORECASE)
    # Not type="number": browsers refuse "24 000" there.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(self.SPACES_AND_UNITS.sub("", value)).replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral() else value
            return f"{value:f}".replace(".", ",")
        return value
