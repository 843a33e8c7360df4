from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dossiers.models import Dossier


class DossierAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Résumé de la modification"),
        max_length=300,
        help_text=_("Une ligne, affichée dans l’historique public."),
    )

    class Meta:
        model = Dossier
        fields = ["city", "title", "slug", "summary", "body", "status"]


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    form = DossierAdminForm
    list_display = ["title", "city", "status", "version", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["city__department"]
    search_fields = ["title", "city__name"]
    raw_id_fields = ["city"]
    history_list_display = ["status", "version"]

    def has_delete_permission(self, request, obj=None):
        # Nothing published is ever lost: a dossier is corrected or restored, not deleted.
        return False

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        super().save_model(request, obj, form, change)
