"""Adding, editing and the history of the rows of a dossier's structured sheet.

URLs: /dossiers/<slug>/<section>/ajouter/, then /<id>/modifier/, /<id>/historique/ ...
where <section> is a row model's `url_part` ("financements", "chiffres" ...).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dossiers.models import ActorRole, Event, Figure, FundingLine, TechnologyUse
from dossiers.views.pages import published_dossier
from review.editing import ReviewedEditView
from review.history import (
    RecordCompareView,
    RecordHistoryView,
    RecordMixin,
    RecordRestoreView,
    RecordRevisionView,
)
from review.registry import reviewed_type

ROW_MODELS = {
    model.url_part: model for model in (TechnologyUse, ActorRole, FundingLine, Figure, Event)
}


class SheetSectionMixin:
    """Views about one section of a published dossier's sheet."""

    def dispatch(self, request, *args, **kwargs):
        self.dossier = published_dossier(kwargs["slug"])
        self.model = ROW_MODELS[kwargs["section"]]
        return super().dispatch(request, *args, **kwargs)

    def find_row(self):
        row = get_object_or_404(self.model, pk=self.kwargs["pk"], dossier=self.dossier)
        row.dossier = self.dossier
        return row


class RowEditMixin(SheetSectionMixin):
    template_name = "dossiers/row_form.html"

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
        return self.find_row()


class RowRecordMixin(SheetSectionMixin, RecordMixin):
    def get_record(self):
        return self.find_row()

    def get_trail(self):
        label = _("%(section)s : %(row)s") % {
            "section": str(self.model.section_label).capitalize(),
            "row": self.record,
        }
        return [
            (self.dossier.city.name, self.dossier.city.get_absolute_url()),
            (self.dossier.title, self.dossier.get_absolute_url()),
            (label, self.record.get_absolute_url()),
        ]


class RowHistoryView(RowRecordMixin, RecordHistoryView):
    pass


class RowRevisionView(RowRecordMixin, RecordRevisionView):
    pass


class RowCompareView(RowRecordMixin, RecordCompareView):
    pass


class RowRestoreView(RowRecordMixin, RecordRestoreView):
    pass
