from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dossiers.rerendering import rerender_stale_bodies


class Command(BaseCommand):
    help = _(
        "Renders again the stored HTML of dossiers made by an older version of the "
        "markdown pipeline (after an upgrade). Quick when every body is up to date."
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
