from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Activité")

    def ready(self):
        from django.db.models.signals import post_save
        from simple_history.signals import post_create_historical_record

        from activity.watching import watch_what_was_discussed, watch_what_was_edited
        from discussions.models import Message

        post_create_historical_record.connect(
            watch_what_was_edited, dispatch_uid="activity-watch-what-was-edited"
        )
        post_save.connect(
            watch_what_was_discussed, sender=Message, dispatch_uid="activity-watch-discussed"
        )
