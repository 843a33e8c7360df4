from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from core import page_cache
        from discussions import panels
        from discussions.models import Message, Thread

        # Discussion pages are kept for anonymous readers like any public page.
        page_cache.watch(Thread, Message)
        panels.register()
