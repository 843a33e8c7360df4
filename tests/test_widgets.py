"""The Python-rendered select of the filter forms gives Django's own markup."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import PlainSelect

CHOICES = [
    ("", "Toutes"),
    ("a", "Ain & <script>alert(1)</script>"),
    ("Outre-mer <b>", [("971", "Guadeloupe"), ("974", 'La "Réunion"')]),
]


@pytest.mark.parametrize("value", ["", "a", "974", "inconnue"])
def test_plain_select_renders_as_djangos_select(value):
    attrs = {"id": "id_department", "class": "wide", "required": True, "disabled": False}
    plain = PlainSelect(choices=CHOICES, attrs=attrs).render("department", value)
    django = forms.Select(choices=CHOICES, attrs=attrs).render("department", value)
    assert parse_html(plain) == parse_html(django)
    assert "<script>" not in plain and "<b>" not in plain


def test_plain_select_marks_the_chosen_option_only():
    html = PlainSelect(choices=CHOICES).render("department", "974")
    assert html.count("selected") == 1
    assert '<option value="974" selected>' in html
