from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dossiers.citations import save_dossier_revision
from dossiers.forms.dossier import render_or_refuse
from dossiers.models import Actor, Dossier, FundingLine, ProcurementThreshold, Technology


class DossierAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Résumé de la modification"),
        max_length=300,
        help_text=_("Une ligne, affichée dans l’historique public."),
    )

    class Meta:
        model = Dossier
        fields = ["city", "title", "slug", "summary", "stage", "body", "status"]

    def clean_body(self):
        render_or_refuse(self.cleaned_data["body"])
        return self.cleaned_data["body"]


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
        # Like every save: a numbered revision that writes only what a revision owns.
        save_dossier_revision(obj, user=request.user, reason=form.cleaned_data["change_reason"])


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    """The taxonomy: administrators add technologies; contributors pick among them."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False  # dossiers point to technologies: rename one rather than delete it


@admin.register(ProcurementThreshold)
class ProcurementThresholdAdmin(admin.ModelAdmin):
    """The dated thresholds that the funding check compares amounts with."""

    list_display = ["amount_excl_tax", "scope", "valid_from", "valid_until", "legal_basis"]
    list_filter = ["scope"]


class ReviewedRecordAdmin(SimpleHistoryAdmin):
    """Actors and sheet rows change through review on the site; the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Actor)
class ActorAdmin(ReviewedRecordAdmin):
    list_display = ["name", "kind", "version"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(FundingLine)
class FundingLineAdmin(ReviewedRecordAdmin):
    list_display = ["dossier", "instrument", "amount", "start", "removed"]
    list_filter = ["instrument", "removed"]
    list_select_related = ["dossier"]
