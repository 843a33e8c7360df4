import pytest

from cities.text import ascii_digits, fold, place_slug


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Saint-Étienne", "Saint-Etienne"),
        ("st etienne", "Saint-Étienne"),
        ("STE-FOY", "Sainte-Foy"),
        ("l'hay les roses", "L'Haÿ-les-Roses"),
        ("coeuvres", "Cœuvres"),
        ("valenciennes", "VALENCIENNES"),
    ],
)
def test_fold_ignores_accents_case_punctuation_and_abbreviations(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_keeps_words_apart():
    assert fold("  Marseille   1er Arrondissement ") == "marseille 1er arrondissement"


def test_place_slug_is_readable_ascii():
    assert place_slug("L'Haÿ-les-Roses") == "l-hay-les-roses"
    assert place_slug("Île-d’Yeu") == "ile-d-yeu"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("٢٠٢١", "2021"), ("２０２１", "2021"), ("१२/२०१७", "12/2017"), ("2021", "2021"), ("", "")],
)
def test_ascii_digits_spells_every_script_s_digits_in_ascii(typed, stored):
    assert ascii_digits(typed) == stored


def test_amounts_typed_in_other_digits_are_read_as_numbers():
    from decimal import Decimal

    from dossiers.forms.fields import NumberField

    field = NumberField(max_digits=14, decimal_places=2)
    assert field.clean("２４ ０００,５０ €") == Decimal("24000.50")
    assert field.clean("٢٤٠٠٠") == Decimal("24000")
