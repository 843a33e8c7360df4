from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dossiers.rerendering import rerender_stale_bodies


class Command(BaseCommand):
    help = gettext_lazy(
        "Refait le HTML enregistré des dossiers mis en forme par une version antérieure "
        "du rendu markdown (après une mise à jour). Rapide quand tout est à jour."
    )

    def handle(self, **options):
        done, refused = rerender_stale_bodies()
        self.stdout.write(
            ngettext(
                "%(count)d dossier rendu de nouveau.",
                "%(count)d dossiers rendus de nouveau.",
                done,
            )
            % {"count": done}
        )
        for slug, message in refused:
            self.stderr.write(
                _("%(slug)s n’a pas pu être rendu : %(message)s")
                % {
                    "slug": slug,
                    "message": message,
                }
            )
