from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from dossiers.forms import DossierForm
from dossiers.views.pages import published_dossier
from review import actions
from review.editing import ReviewedEditView
from review.models import ChangeRequest, Protection
from review.permissions import ModeratorRequiredMixin, publishes_directly


class DossierCreateView(ReviewedEditView):
    form_class = DossierForm


class DossierEditView(ReviewedEditView):
    form_class = DossierForm

    def get_record(self):
        return published_dossier(self.kwargs["slug"])

    def redirect_elsewhere(self):
        if publishes_directly(self.request.user):
            return None
        # One proposal per contributor and dossier: editing again reworks it.
        pending = (
            ChangeRequest.objects.pending()
            .for_target(self.record)
            .filter(author=self.request.user)
            .first()
        )
        if pending is None:
            return None
        messages.info(
            self.request,
            _("Vous avez déjà une proposition en attente pour ce dossier : reprenez-la."),
        )
        return redirect("review:change_edit", pending.pk)


class ProtectionForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Qui peut modifier ce dossier ?"),
        choices=Protection.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif, affiché sur le dossier"), max_length=300, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") != Protection.OPEN and not cleaned.get("reason"):
            self.add_error("reason", _("Indiquez pourquoi le dossier est protégé."))
        return cleaned


class DossierProtectionView(ModeratorRequiredMixin, FormView):
    form_class = ProtectionForm
    template_name = "dossiers/dossier_protection.html"

    def dispatch(self, request, *args, **kwargs):
        self.dossier = published_dossier(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"level": self.dossier.protection, "reason": self.dossier.protection_reason}

    def get_context_data(self, **kwargs):
        return super().get_context_data(dossier=self.dossier, **kwargs)

    def form_valid(self, form):
        level, reason = form.cleaned_data["level"], form.cleaned_data["reason"]
        actions.protect(self.dossier, moderator=self.request.user, level=level, reason=reason)
        messages.success(self.request, _("La protection du dossier est enregistrée."))
        return redirect(self.dossier)
