from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from opendata.writing import export


class Command(BaseCommand):
    help = (
        "Write every table of published content as CSV and JSON, with "
        "datapackage.json, into OPENDATA_ROOT (or --to), replacing the previous set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="the folder to write (OPENDATA_ROOT)")

    def handle(self, *args, to=None, **options):
        counts = export(to or settings.OPENDATA_ROOT)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
