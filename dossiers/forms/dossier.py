from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dossiers.citations import store_citations
from dossiers.forms.fields import CityField
from dossiers.models import Dossier, render_cached
from dossiers.rendering import RenderError
from review.forms import RENDER_REFUSED, ReviewedModelForm, lf_only
from sources.citations import references, unknown_keys_error


def render_or_refuse(body):
    """The Rendering of a body, or the form error that says why it was refused."""
    try:
        return render_cached(body)
    except RenderError as error:
        raise ValidationError(error.message, code=RENDER_REFUSED) from error


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

    rendering = None  # of the cleaned body, set by clean_body()

    def clean_body(self):
        """Render the body once: refused texts and unknown source keys are errors
        here, and the rendering is what save_revision() stores."""
        # Rendered before clean() normalises every text: normalised here first.
        body = lf_only(self.cleaned_data["body"])
        self.rendering = render_or_refuse(body)
        if message := unknown_keys_error(self.rendering.citation_keys):
            raise ValidationError(message)
        return body

    def can_preview(self):
        # A text whose only fault is an unknown source key still shows, with that
        # reference marked, so the author sees what to fix.
        return self.rendering is not None

    def preview_context(self):
        return {
            "preview_html": self.rendering.html,
            "preview_references": references(self.rendering.citation_keys),
        }

    def save(self, commit=True):
        # Whatever reaches the live table through this form has been reviewed or
        # was written by someone trusted to publish.
        self.instance.status = Dossier.Status.PUBLISHED
        self.instance.apply_rendering(self.rendering)
        return super().save(commit)

    def save_revision(self, *, user, reason):
        dossier = super().save_revision(user=user, reason=reason)
        store_citations(dossier, self.rendering.citation_keys, dossier.sheet_source_keys())
        return dossier
