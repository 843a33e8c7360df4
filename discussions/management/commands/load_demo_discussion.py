from django.core.management.base import BaseCommand, CommandError

from discussions.demo import load_discussion
from dossiers.demo import DEMO_USERNAME, demo_author
from dossiers.models import Dossier


class Command(BaseCommand):
    help = "Opens the Valenciennes demo's discussion thread, unless it is there already."

    def handle(self, **options):
        dossier = Dossier.objects.filter(city__name="Valenciennes").order_by("pk").first()
        if dossier is None:
            raise CommandError("Le dossier de démonstration manque : lancez d’abord load_demo.")
        thread = load_discussion(dossier, demo_author())
        if thread is None:
            self.stdout.write("Discussion de démonstration déjà présente : rien à faire.")
        else:
            self.stdout.write(
                f"Discussion de démonstration ouverte par {DEMO_USERNAME} : {thread.title}."
            )
