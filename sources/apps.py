from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self):
        from core import page_cache
        from sources import reviewed

        reviewed.register_all()
        page_cache.watch(*self.get_models())
