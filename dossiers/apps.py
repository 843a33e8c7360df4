from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from core import page_cache
        from dossiers import reviewed
        from dossiers.models import DocumentRequest
        from sources import answering

        reviewed.register_all()
        page_cache.watch(*self.get_models())
        answering.register(lambda key: DocumentRequest.objects.public().filter(key=key).first())
