from django.core.management.base import BaseCommand, CommandError

from dossiers.demo import MissingCity, load_demo


class Command(BaseCommand):
    help = "Creates the Valenciennes demo dossier and its history, unless it already exists."

    def handle(self, **options):
        try:
            dossier = load_demo()
        except MissingCity as error:
            raise CommandError(str(error)) from error
        if dossier is None:
            self.stdout.write("Dossier de démonstration déjà présent : rien à faire.")
        else:
            self.stdout.write(
                f"Dossier de démonstration créé : {dossier.title} "
                f"({dossier.history.count()} révisions)."
            )
