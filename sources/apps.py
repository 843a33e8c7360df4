from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self):
        from core import page_cache
        from review.registry import register
        from sources.forms import SourceForm
        from sources.models import Source

        register(Source, SourceForm, related=["document"], preview_template="sources/_preview.html")
        page_cache.watch(*self.get_models())
