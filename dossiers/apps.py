from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from core import page_cache
        from dossiers import forms, models
        from review.registry import register

        register(
            models.Dossier,
            forms.DossierForm,
            related=["city__department"],
            preview_template="dossiers/_preview.html",
        )
        register(
            models.Actor,
            forms.ActorForm,
            related=["city__department"],
            preview_template="actors/_preview.html",
        )
        row_forms = [
            (models.TechnologyUse, forms.TechnologyUseForm, ["technology"]),
            (models.ActorRole, forms.ActorRoleForm, ["actor"]),
            (models.FundingLine, forms.FundingLineForm, ["payer", "recipient"]),
            (models.Figure, forms.FigureForm, []),
            (models.Event, forms.EventForm, []),
        ]
        for model, form, related in row_forms:
            register(
                model,
                form,
                related=["dossier__city__department", *related],
                preview_template=f"dossiers/sheet/preview_{model._meta.model_name}.html",
            )
        page_cache.watch(*self.get_models())
