"""Delete uploaded documents that nothing attaches, a day after they were sent.

A form refused for another reason, or a proposal withdrawn, leaves its PDF behind.
Run it daily from cron (see README, "Deploying").
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from sources.documents import delete_orphans


class Command(BaseCommand):
    help = "Delete uploaded PDFs attached to no source, revision or pending proposal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Keep documents sent more recently than this (default: 24).",
        )

    def handle(self, *args, older_than_hours, **options):
        before = timezone.now() - datetime.timedelta(hours=older_than_hours)
        deleted = delete_orphans(sent_before=before)
        self.stdout.write(f"{len(deleted)} orphan document(s) deleted.")
