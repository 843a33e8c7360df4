"""The translation catalogues are complete and compiled (issue 16): every interface
string extracted from the code is in both catalogues, none is untranslated, fuzzy or
obsolete, the French one carries French typography and plural forms, and the .mo files
served are the compilation of the .po files in the repository."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from core.management.commands.update_catalogues import PLURAL_FORMS, french_entry

LOCALE = Path(settings.LOCALE_PATHS[0])
ROOT = Path(settings.BASE_DIR)
COPIED_OUT = shutil.ignore_patterns(
    ".venv", ".git", "screenshots", "staticfiles", "media", "*.sqlite3*", "__pycache__", "*.mo"
)


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def entries(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


@pytest.mark.parametrize("language", list(PLURAL_FORMS))
def test_nothing_is_left_untranslated_or_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 700
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]


def test_the_french_catalogue_is_the_interface_text_typeset():
    wrong = [
        e.msgid
        for e in catalogue("fr")
        if (e.msgstr_plural if e.msgid_plural else e.msgstr) != french_entry(e)
    ]
    assert wrong == [], "run `make messages`"


def test_french_plural_forms_count_zero_and_one_as_singular():
    po = catalogue("fr")
    (entry,) = [e for e in po if e.msgid == "%(total)s dossier trouvé"]
    assert entry.msgstr_plural == {0: "%(total)s dossier trouvé", 1: "%(total)s dossiers trouvés"}


@pytest.mark.parametrize("language", list(PLURAL_FORMS))
def test_the_served_catalogues_are_compiled_from_the_repository(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [shutil.which("msgfmt"), "--check", "--output-file", compiled, folder / "django.po"],
        check=True,
    )
    assert (folder / "django.mo").read_bytes() == compiled.read_bytes(), "run `make translations`"


def test_every_string_of_the_code_is_in_the_catalogues(tmp_path):
    """Extract the strings again, in a copy of the project, and compare."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=COPIED_OUT)
    subprocess.run(
        [sys.executable, "manage.py", "update_catalogues"],
        cwd=copy,
        check=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    for language in PLURAL_FORMS:
        extracted = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = catalogue(language)
        missing = entries(extracted) - entries(committed)
        unused = entries(committed) - entries(extracted)
        assert (missing, unused) == (set(), set()), "run `make messages` and translate"
