from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Communes")

    def ready(self):
        from core import page_cache

        page_cache.watch(*self.get_models())
