from django.core.management.base import BaseCommand, CommandError

from activity.notifications import send_due


class Command(BaseCommand):
    help = (
        "E-mail each user what changed on what they watch, and the decisions on their "
        "proposals, at once or in a daily digest as they chose. Run it from cron every "
        "five minutes (see the README); runs that overlap never send the same thing twice."
    )

    def handle(self, *args, **options):
        run = send_due()
        self.stdout.write(
            f"{run.sent} e-mail(s) sent, {run.looked_at} subscription(s) looked at, "
            f"{run.failed} failed."
        )
        if run.failed:
            raise CommandError(f"{run.failed} notification(s) could not be sent; retried next run")
