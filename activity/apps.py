from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Activité")

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from activity.watching import watch_what_was_edited

        post_create_historical_record.connect(
            watch_what_was_edited, dispatch_uid="activity-watch-what-was-edited"
        )
