from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.typography import space_french_markup

PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "en": "nplurals=2; plural=(n != 1);"}
# Not the interface: the virtual environment, tests, benchmarks, screenshots.
IGNORED = [".venv/*", "bench/*", "tests/*", "screenshots/*", "staticfiles/*", "media/*"]


def catalogue_path(language):
    return settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"


def typeset(message):
    """French spacing for a message that may be printed between other words: a
    fragment such as " : « %(summary)s »" follows text on its left, so its leading
    space is treated as lying between two words."""
    return space_french_markup(f"\x01{message}\x01")[1:-1]


def french_entry(entry):
    """What the French catalogue says for `entry`: the interface's own French text,
    with French typographic spacing (core.typography)."""
    if entry.msgid_plural:
        return {0: typeset(entry.msgid), 1: typeset(entry.msgid_plural)}
    return typeset(entry.msgid)


class Command(BaseCommand):
    help = (
        "Extracts the interface's strings into locale/fr and locale/en, fills the French "
        "catalogue (typographic spacing, French plural forms) and sets each catalogue's "
        "plural rule; what is new in locale/en/ is left to translate. Run by `make messages`."
    )

    def handle(self, **options):
        try:
            import polib
        except ImportError as error:
            raise CommandError("polib is a development tool: `make setup-dev`.") from error
        call_command(
            "makemessages",
            locale=list(PLURAL_FORMS),
            no_obsolete=True,
            no_location=True,
            ignore_patterns=IGNORED,
            verbosity=0,
        )
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
