from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app may use and that depends on no app: pagination, widgets, rate
    limits, the public page cache, the sign-in redirect."""

    name = "core"
    verbose_name = "core"

    def ready(self):
        from core import cache_tags, proxy

        cache_tags.install()
        proxy.install()
