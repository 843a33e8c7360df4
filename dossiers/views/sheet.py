"""Adding, editing and the history of the rows of a dossier's structured sheet.

URLs: /dossiers/<slug>/<section>/ajouter/, then /<id>/modifier/, /<id>/historique/ ...
where <section> is a row model's `url_part` ("financements", "chiffres" ...).
"""

from django.shortcuts import get_object_or_404

from dossiers.models import ActorRole, Event, Figure, FundingLine, TechnologyUse
from dossiers.views.pages import published_dossier
from review.editing import ReviewedEditView
from review.registry import reviewed_type

ROW_MODELS = {
    model.url_part: model for model in (TechnologyUse, ActorRole, FundingLine, Figure, Event)
}


def published_row(slug, section, pk):
    """A row of a published dossier's sheet (removed rows too: their history stays)."""
    return row_of(published_dossier(slug), ROW_MODELS[section], pk)


def row_of(dossier, model, pk):
    row = get_object_or_404(model, pk=pk, dossier=dossier)
    row.dossier = dossier
    return row


class SheetSectionMixin:
    """Views about one section of a published dossier's sheet."""

    def dispatch(self, request, *args, **kwargs):
        self.dossier = published_dossier(kwargs["slug"])
        self.model = ROW_MODELS[kwargs["section"]]
        return super().dispatch(request, *args, **kwargs)


class RowEditMixin(SheetSectionMixin):
    @property
    def form_class(self):
        return reviewed_type(self.model).form_class

    def refusal_target(self):
        # A new row is an edit of its dossier: the dossier's protection applies.
        return self.record or self.dossier

    def make_form(self, data=None, files=None, **kwargs):
        if data is not None:
            # The dossier is the one in the address, whatever the form says.
            data = data.copy()
            data["dossier"] = self.dossier.slug
        return super().make_form(data, files, **kwargs)

    def get_initial(self):
        return {**super().get_initial(), "dossier": self.dossier.slug}

    def render(self, form, **context):
        return super().render(
            form, dossier=self.dossier, section_label=self.model.section_label, **context
        )


class RowCreateView(RowEditMixin, ReviewedEditView):
    pass


class RowEditView(RowEditMixin, ReviewedEditView):
    def get_record(self):
        return row_of(self.dossier, self.model, self.kwargs["pk"])
