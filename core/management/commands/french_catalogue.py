from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.typography import space_french_markup

PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "en": "nplurals=2; plural=(n != 1);"}


def catalogue_path(language):
    return settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"


def french_entry(entry):
    """What the French catalogue says for `entry`: the interface's own French text,
    with French typographic spacing (core.typography)."""
    if entry.msgid_plural:
        return {0: space_french_markup(entry.msgid), 1: space_french_markup(entry.msgid_plural)}
    return space_french_markup(entry.msgid)


class Command(BaseCommand):
    help = (
        "Fills the French catalogue from the interface's French strings, with typographic "
        "spacing and French plural forms; sets the plural rule of every catalogue. Run "
        "by `make messages` after makemessages."
    )

    def handle(self, **options):
        try:
            import polib
        except ImportError as error:
            raise CommandError("polib is a development tool: `make setup-dev`.") from error
        for language, rule in PLURAL_FORMS.items():
            catalogue = polib.pofile(str(catalogue_path(language)), wrapwidth=0)
            catalogue.header = (
                "Interface of Villes sous surveillance. The strings are written in French; "
                "see README.md, « Translations »."
            )
            catalogue.metadata_is_fuzzy = False
            catalogue.metadata.update(
                {
                    "Project-Id-Version": "Villes sous surveillance",
                    "Language-Team": "Contributors of Villes sous surveillance",
                    "Last-Translator": "Contributors of Villes sous surveillance",
                    "PO-Revision-Date": catalogue.metadata.get("POT-Creation-Date", ""),
                    "Language": language,
                    "Plural-Forms": rule,
                }
            )
            if language == "fr":
                for entry in catalogue:
                    if entry.obsolete:
                        continue
                    if entry.msgid_plural:
                        entry.msgstr_plural = french_entry(entry)
                    else:
                        entry.msgstr = french_entry(entry)
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    entry.previous_msgid = entry.previous_msgid_plural = None
            catalogue.save()
