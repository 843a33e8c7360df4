import time

from django.core.management.base import BaseCommand

from cities.loading import load_communes


class Command(BaseCommand):
    help = "Loads (or updates) the regions, departments and communes of France."

    def handle(self, **options):
        started = time.monotonic()
        report = load_communes()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Régions : {report.regions}.")
        self.stdout.write(f"Départements : {report.departments}.")
        self.stdout.write(f"Communes : {report.cities}.")
        self.stdout.write(f"Chargement terminé en {elapsed:.1f} s.")
