from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Relecture")

    def ready(self):
        from review.page_cache import connect_signals

        connect_signals()
