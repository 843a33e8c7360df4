from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.text import fold
from dossiers.forms.fields import CityField
from dossiers.models import Actor
from review.forms import ReviewedModelForm
from sources.forms import SourceKeysField, WebAddressField


class ActorForm(ReviewedModelForm):
    city = CityField(
        label=gettext_lazy("Commune"),
        required=False,
        help_text=gettext_lazy("Pour une commune ou une intercommunalité : « Valenciennes »."),
    )
    website = WebAddressField(label=gettext_lazy("Site web"), required=False)
    source_keys = SourceKeysField(
        label=gettext_lazy("Sources"),
        help_text=gettext_lazy(
            "Les clés des sources qui présentent cet acteur, séparées par « ; ». Au moins une."
        ),
    )

    class Meta:
        model = Actor
        fields = ["name", "kind", "city", "description", "website", "source_keys"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        existing = Actor.objects.filter(search_name=fold(name)).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Cet acteur est déjà enregistré :"),
                    existing.get_absolute_url(),
                    existing.name,
                ),
                code="duplicate",
            )
        return name
