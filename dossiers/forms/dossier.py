from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.forms.fields import CityField
from dossiers.models import Dossier
from review.forms import ReviewedModelForm
from sources.citations import references


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
        fields = ["city", "title", "summary", "stage", "body"]
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
