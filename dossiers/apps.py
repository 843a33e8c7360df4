from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from dossiers.forms import DossierForm
        from dossiers.models import Dossier
        from review.registry import register

        register(
            Dossier,
            DossierForm,
            related=["city__department"],
            preview_template="dossiers/_preview.html",
        )
