import time

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cities.loading import load_communes


def feminine_counts(counts):
    return (
        ngettext("%(count)s créée", "%(count)s créées", counts.created),
        ngettext("%(count)s mise à jour", "%(count)s mises à jour", counts.updated),
        ngettext("%(count)s inchangée", "%(count)s inchangées", counts.unchanged),
    )


def masculine_counts(counts):
    return (
        ngettext("%(count)s créé", "%(count)s créés", counts.created),
        ngettext("%(count)s mis à jour", "%(count)s mis à jour", counts.updated),
        ngettext("%(count)s inchangé", "%(count)s inchangés", counts.unchanged),
    )


class Command(BaseCommand):
    help = gettext_lazy("Charge (ou met à jour) les régions, départements et communes de France.")

    def handle(self, **options):
        started = time.monotonic()
        report = load_communes()
        elapsed = time.monotonic() - started
        # Each noun takes its own gender and plural in French.
        lines = (
            (_("Régions"), report.regions, feminine_counts),
            (_("Départements"), report.departments, masculine_counts),
            (_("Communes"), report.cities, feminine_counts),
        )
        for heading, counts, phrases in lines:
            numbers = (counts.created, counts.updated, counts.unchanged)
            parts = [
                phrase % {"count": number_format(number, force_grouping=True)}
                for phrase, number in zip(phrases(counts), numbers, strict=True)
            ]
            self.stdout.write(
                _("%(heading)s : %(counts)s.") % {"heading": heading, "counts": ", ".join(parts)}
            )
        self.stdout.write(
            _("Chargement terminé en %(seconds)s s.") % {"seconds": number_format(elapsed, 1)}
        )
