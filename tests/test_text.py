import pytest

from cities.text import fold, place_slug


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
