from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Relecture")

    def ready(self):
        from core import page_cache
        from review import checks  # noqa: F401 (registers the registry's checks)
        from review.models import ModerationAction

        # Hiding a revision and protecting a record change public pages too.
        page_cache.watch(ModerationAction)
