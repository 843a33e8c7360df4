from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from core import page_cache
        from dossiers import reviewed

        reviewed.register_all()
        page_cache.watch(*self.get_models())
