from django.core.management.base import BaseCommand
from django.db import transaction

from search.indexing import rebuild
from search.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Index every published record again for full-text search (after loading data "
        "without saving it record by record, or after a change to what is indexed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the index has no entry (a database from before search).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and SearchEntry.objects.exists():
            self.stdout.write("Search index: already built.")
            return
        with transaction.atomic():
            count = rebuild()
        self.stdout.write(f"Search index: {count} entries.")
