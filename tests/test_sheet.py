"""The structured sheet on the dossier page: totals, side-by-side figures and densities,
and the sources of every row numbered in the dossier's reference list."""

import re
from decimal import Decimal

import pytest

from dossiers.citations import save_dossier_revision, stored_references
from dossiers.models import Event, Figure, FundingLine, Technology, TechnologyUse
from dossiers.sheet import build_sheet
from tests.factories import (
    make_actor,
    make_city,
    make_dossier,
    make_funding_line,
    make_row,
    make_source,
)

pytestmark = pytest.mark.django_db

Instrument, TaxBasis = FundingLine.Instrument, FundingLine.TaxBasis


def sheet_of(dossier):
    return build_sheet(dossier, stored_references(dossier))


def amounts(total):
    return [(amount, notes) for amount, notes in total.amounts]


def test_totals_by_payer_keep_apart_what_cannot_be_added():
    dossier = make_dossier()
    city, state, company = make_actor("Ville"), make_actor("État"), make_actor("Fournisseur")
    make_funding_line(dossier, payer=city, recipient=company, amount="10000",
                      tax_basis=TaxBasis.EXCLUDING)  # fmt: skip
    make_funding_line(dossier, payer=city, recipient=company, amount="5000.50",
                      tax_basis=TaxBasis.EXCLUDING)  # fmt: skip
    make_funding_line(dossier, payer=city, recipient=company, amount="1200",
                      tax_basis=TaxBasis.INCLUDING)  # fmt: skip
    make_funding_line(dossier, payer=city, recipient=company, amount=None)
    make_funding_line(dossier, payer=state, recipient=city, instrument=Instrument.SUBSIDY,
                      programme="FIPD", amount="30000", is_estimate=True,
                      tax_basis=TaxBasis.EXCLUDING)  # fmt: skip
    make_funding_line(dossier, payer=company, recipient=city,
                      instrument=Instrument.DONATION_IN_KIND, amount="2000000",
                      is_estimate=True)  # fmt: skip

    totals = {total.label: total for total in sheet_of(dossier).totals_by_payer}

    assert amounts(totals["Ville"]) == [
        (Decimal("15000.50"), "HT"),
        (Decimal("1200"), "TTC"),
    ]
    assert totals["Ville"].unknown_count == 1
    assert amounts(totals["État"]) == [(Decimal("30000"), "HT, estimation")]
    assert amounts(totals["Fournisseur"]) == [
        (Decimal("2000000"), "HT ou TTC non précisé, en nature, estimation")
    ]


def test_totals_by_instrument(client):
    dossier = make_dossier()
    make_funding_line(dossier, amount="24000")
    make_funding_line(dossier, amount="6000", start="2018")
    make_funding_line(dossier, instrument=Instrument.LEASE, amount="900")

    totals = {total.label: total for total in sheet_of(dossier).totals_by_instrument}
    assert amounts(totals["contrat de maintenance"]) == [
        (Decimal("30000"), "HT ou TTC non précisé")
    ]
    assert amounts(totals["location"]) == [(Decimal("900"), "HT ou TTC non précisé")]

    page = client.get(dossier.get_absolute_url()).text
    totals_html = page.split("Total par instrument")[1]
    assert re.search(r"Contrat de maintenance</th>\s*<td>.*30\u202f000\xa0€", totals_html, re.S)


def test_disputed_figures_stand_side_by_side_with_density(client):
    city = make_city("Valenciennes", population=43468)
    dossier = make_dossier(city)
    counts = [("217", "2017"), ("361", "2021-08"), ("230", "2019-06")]
    for value, as_of in counts:
        make_row(Figure, dossier, metric=Figure.Metric.CAMERAS, value=value, as_of=as_of)
    make_row(Figure, dossier, metric=Figure.Metric.VIDEO_STREAMS, value="450", as_of="2018")

    groups = sheet_of(dossier).figure_groups
    cameras = next(group for group in groups if group.label == "nombre de caméras")
    assert [(f.value_display, f.as_of) for f in cameras.figures] == [
        ("217", "2017"),
        ("230", "2019-06"),
        ("361", "2021-08"),
    ]
    assert [f.density for f in cameras.figures] == [Decimal("5.0"), Decimal("5.3"), Decimal("8.3")]
    streams = next(group for group in groups if group.label == "nombre de flux vidéo")
    assert streams.figures[0].density is None

    page = client.get(dossier.get_absolute_url()).text
    for value, as_of_display, density in [
        ("217", "2017", "5,0"),
        ("230", "juin 2019", "5,3"),
        ("361", "août 2021", "8,3"),
    ]:
        assert re.search(
            rf"<strong>{value}</strong>.*?{as_of_display}</time>.*?>{density}</td>", page, re.S
        ), value
    assert "43\u202f468 habitants" in page


def test_no_density_without_a_population():
    dossier = make_dossier(make_city(population=None))
    make_row(Figure, dossier, metric=Figure.Metric.CAMERAS, value="12", as_of="2020")
    assert sheet_of(dossier).figure_groups[0].figures[0].density is None


def test_timeline_in_date_order_whatever_the_precision(client):
    dossier = make_dossier()
    for date, title in [("2021-05-12", "Avertissement"), ("2016-12-09", "Délibération"),
                        ("2017-02", "Convention"), ("2017", "Année de la convention")]:  # fmt: skip
        make_row(Event, dossier, date=date, title=title)
    page = client.get(dossier.get_absolute_url()).text
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    titles = re.findall(r"<strong>([^<]+)</strong>", timeline)
    # A date known to the year comes after the months and days it contains.
    assert titles == ["Délibération", "Convention", "Année de la convention", "Avertissement"]
    assert '<time datetime="2016-12-09">9 décembre 2016</time>' in timeline


def test_sheet_sources_join_the_reference_list_after_the_text(client):
    text_source, sheet_source = make_source(), make_source()
    dossier = make_dossier(body=f"Un fait [@{text_source.key}].")
    technology = Technology.objects.get(slug="reconnaissance-faciale")
    make_row(TechnologyUse, dossier, sources=[sheet_source, text_source],
             technology=technology, status=TechnologyUse.Status.PRESENT_UNUSED)  # fmt: skip

    references = stored_references(dossier)
    assert [(r.number, r.key, r.in_text) for r in references] == [
        (1, text_source.key, True),
        (2, sheet_source.key, False),
    ]
    page = client.get(dossier.get_absolute_url()).text
    row = page.split('id="technologyuse-')[1].split("</li>")[0]
    assert '<a href="#ref-1">1</a>, <a href="#ref-2">2</a>' in row
    # Only references cited by the text link back to a call in the text.
    assert 'href="#cite-1"' in page and 'href="#cite-2"' not in page
    # Editing the text keeps the sheet's sources in the list.
    dossier.body = "Plus aucune citation."
    save_dossier_revision(dossier, user=None, reason="Texte raccourci")
    assert [r.key for r in stored_references(dossier)] == [sheet_source.key, text_source.key]


def test_an_empty_sheet_shows_nothing_to_the_public(client):
    dossier = make_dossier()
    page = client.get(dossier.get_absolute_url()).text
    assert 'class="sheet"' not in page
    assert "Lignes de financement" not in page


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_what_contributors_type_in_the_sheet_is_escaped_everywhere(client):
    from dossiers.models import ActorRole

    dossier = make_dossier()
    actor = make_actor(f"Société {HOSTILE}", description=HOSTILE)
    make_funding_line(dossier, payer=actor, programme=HOSTILE, description=HOSTILE)
    make_row(Figure, dossier, metric="cameras", value="3", as_of="2020", scope=HOSTILE)
    make_row(Event, dossier, date="2020", title=HOSTILE, description=HOSTILE)
    make_row(ActorRole, dossier, actor=actor, role="supplier", note=HOSTILE)
    for url in (dossier.get_absolute_url(), actor.get_absolute_url()):
        page = client.get(url).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_the_timeline_places_a_month_after_the_days_it_contains(client):
    """« août 2021 – le maire annonce … » came days after « 1er août 2021 – Mediapart
    révèle … »: a date known to the month or year sorts after the precise dates of its
    period, says it is approximate, and a contributor may place it first instead."""
    from dossiers.models import Event

    dossier = make_dossier()
    source = make_source("presse-2021")
    for date, title, first in [
        ("2021-08", "Le maire annonce un changement de fournisseur", False),
        ("2021-08-01", "Mediapart révèle l’avertissement", False),
        ("2020", "Une année entière", False),
        ("2020-02", "La CNIL contrôle", False),
        ("2021", "Un fait de 2021 placé en tête", True),
    ]:
        make_row(Event, dossier, sources=[source], date=date, title=title, first_in_period=first)
    titles = [event.title for event in dossier.events.current()]
    assert titles == [
        "La CNIL contrôle",
        "Une année entière",
        "Un fait de 2021 placé en tête",
        "Mediapart révèle l’avertissement",
        "Le maire annonce un changement de fournisseur",
    ]
    page = client.get(dossier.get_absolute_url()).text
    assert page.index("Mediapart révèle") < page.index("Le maire annonce")
    assert "(date au mois près)" in page and "(date à l’année près)" in page


def test_a_figure_without_a_date_comes_after_the_dated_ones(client):
    dossier = make_dossier()
    source = make_source()
    for value, as_of in [("323", ""), ("217", "2017"), ("361", "2021")]:
        make_row(Figure, dossier, sources=[source], metric=Figure.Metric.CAMERAS, value=value,
                 as_of=as_of)  # fmt: skip
    figures = sheet_of(dossier).figure_groups[0].figures
    assert [str(figure.value_display) for figure in figures] == ["217", "361", "323"]
    assert "date non précisée" in client.get(dossier.get_absolute_url()).text


def test_the_density_says_which_population_year_it_uses(client):
    dossier = make_dossier(make_city(population=43468))
    make_row(Figure, dossier, sources=[make_source()], metric=Figure.Metric.CAMERAS,
             value="361", as_of="2021")  # fmt: skip
    page = client.get(dossier.get_absolute_url()).text
    assert "population municipale légale 2023" in page
    assert "(Insee, en vigueur en 2026)" in page
