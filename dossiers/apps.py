from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from core import page_cache
        from dossiers import reviewed
        from sources import answering

        reviewed.register_all()
        page_cache.watch(*self.get_models())
        answering.register(public_requests_by_key)


def public_requests_by_key(keys):
    """{key: request} of the public requests for documents among `keys`."""
    from dossiers.models import DocumentRequest

    requests = DocumentRequest.objects.public().select_related("administration")
    return requests.in_bulk(keys, field_name="key")
