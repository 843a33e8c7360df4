"""French typography (issue 16): no line starts with « : », « ; », « ? », « ! » or « » »,
none ends with « « », no number is split; code, addresses and attributes stay as typed."""

import pytest

from core.typography import NBSP, NNBSP, space_french, space_french_markup, split_ordinals
from dossiers.markup import to_html
from tests.html_checks import elements


def html_of(text):
    return to_html(text)[0]


@pytest.mark.parametrize(
    ("typed", "typeset"),
    [
        ("Huawei ?", f"Huawei{NNBSP}?"),
        ("Oui ; non !", f"Oui{NNBSP}; non{NNBSP}!"),
        ("Motif : spam", f"Motif{NBSP}: spam"),
        ("« Safe city »", f"«{NNBSP}Safe city{NNBSP}»"),
        ("«Safe city»", f"«{NNBSP}Safe city{NNBSP}»"),
        ("24 000 euros", f"24{NNBSP}000{NBSP}euros"),
        ("2 000 000 €", f"2{NNBSP}000{NNBSP}000{NBSP}€"),
        ("10 %", f"10{NNBSP}%"),
        ("la révision n° 3", f"la révision n°{NBSP}3"),
        # Already right: left alone.
        (f"Motif{NBSP}: spam", f"Motif{NBSP}: spam"),
    ],
)
def test_spaces_the_author_typed_become_unbreakable(typed, typeset):
    assert space_french(typed) == typeset


@pytest.mark.parametrize(
    "typed",
    [
        "https://example.org/a?b=1",  # a colon in an address
        "10:30",
        "en 2016 2017",  # two years, not one number
        '"guillemets droits"',  # straight quotes stay as the author typed them
        "Huawei?",  # no space typed: none added
        "de %(count)s",  # a placeholder of a translated string is not a percentage
    ],
)
def test_what_is_not_french_spacing_is_left_alone(typed):
    assert space_french(typed) == typed


def test_ordinals_are_split_for_superscript_but_not_inside_addresses():
    assert split_ordinals("le 1er mai, la 2e fois") == [
        ("le 1", "er"),
        (" mai, la 2", "e"),
        (" fois", ""),
    ]
    assert split_ordinals("https://x.fr/1er-mai et v2e") == [("https://x.fr/1er-mai et v2e", "")]


def test_markup_strings_keep_their_tags_intact():
    assert space_french_markup('<a title="a : b">lien</a> : suite') == (
        f'<a title="a : b">lien</a>{NBSP}: suite'
    )


class TestRenderer:
    def test_body_text_is_typeset_in_the_stored_html(self):
        html = html_of("Le coût : 24 000 € ; pourquoi ? « Safe city »")
        assert html == (
            f"<p>Le coût{NBSP}: 24{NNBSP}000{NBSP}€{NNBSP}; pourquoi{NNBSP}? "
            f"«{NNBSP}Safe city{NNBSP}»</p>"
        )

    def test_a_colon_in_a_link_address_or_title_is_untouched(self):
        html = html_of('[Voir : ici](https://example.org/a?b=1 "Titre : sous-titre")')
        (link,) = [attrs for tag, attrs in elements(html) if tag == "a"]
        assert dict(link)["href"] == "https://example.org/a?b=1"
        assert dict(link)["title"] == "Titre : sous-titre"
        assert f"Voir{NBSP}: ici" in html

    def test_code_and_preformatted_text_stay_as_typed(self):
        html = html_of("Tapez `a : b ; c ?` puis :\n\n    x : 24 000 ?\n")
        assert "<code>a : b ; c ?</code>" in html
        assert "<pre><code>x : 24 000 ?\n</code></pre>" in html
        assert f"puis{NBSP}:" in html

    def test_spacing_reaches_across_inline_elements(self):
        html = html_of("Le fournisseur est-il *Huawei* ? « **Oui** »")
        assert f"<em>Huawei</em>{NNBSP}?" in html
        assert f"«{NNBSP}<strong>Oui</strong>{NNBSP}»" in html

    def test_a_block_boundary_is_not_a_word(self):
        # A colon that starts a definition line is not attached to the line above.
        html = html_of("Terme\n:   définition")
        assert "<dd>définition</dd>" in html

    def test_first_of_the_month_is_a_superscript_ordinal(self):
        assert html_of("Le 1er août 2021.") == "<p>Le 1<sup>er</sup> août 2021.</p>"

    def test_an_ordinal_in_a_link_address_is_untouched(self):
        html = html_of("[fête](https://example.org/1er-mai)")
        assert 'href="https://example.org/1er-mai"' in html

    def test_a_heading_with_an_ordinal_keeps_it_in_the_outline(self):
        from dossiers.markup import outline

        html = html_of("## Le 1er mai [@source]")
        assert outline(html)[0]["title"] == "Le 1er mai"

    def test_an_attribute_never_receives_markup(self):
        html = html_of('![Le 1er mai : défilé](/static/img/favicon.svg "Photo : 1er mai")')
        (image,) = [dict(attrs) for tag, attrs in elements(html) if tag == "img"]
        assert image["alt"] == "Le 1er mai : défilé"
        assert image["title"] == "Photo : 1er mai"


class TestTemplateFilters:
    def render(self, source, **context):
        from django.template import Context, Template

        return Template("{% load formatting %}" + source).render(Context(context))

    def test_typeset_escapes_before_spacing(self):
        html = self.render("{{ text|typeset }}", text="<script>x</script> : le 1er")
        assert html == f"&lt;script&gt;x&lt;/script&gt;{NBSP}: le 1<sup>er</sup>"

    def test_spaced_makes_no_markup_for_attributes_and_titles(self):
        html = self.render('<a title="{{ text|spaced }}">', text='Le 1er " : x')
        assert html == f'<a title="Le 1er &quot;{NBSP}: x">'

    def test_amounts_follow_the_interface_language(self):
        from django.utils import translation

        with translation.override("fr"):
            assert self.render("{{ amount|euros }}", amount=24000) == f"24{NNBSP}000{NBSP}€"
        with translation.override("en"):
            assert self.render("{{ amount|euros }}", amount=24000) == "€24,000"


def test_the_first_of_a_month_is_an_ordinal_in_interface_dates_too():
    import datetime

    from django.utils import translation

    from core.formatting import long_date

    with translation.override("fr"):
        assert long_date(datetime.date(2016, 4, 1)) == "1er avril 2016"
        assert long_date(datetime.date(2016, 4, 12)) == "12 avril 2016"
    with translation.override("en"):
        assert long_date(datetime.date(2016, 4, 1)) == "April 1, 2016"
