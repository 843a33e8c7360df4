"""The procurement-threshold check: which funding lines sit just under the threshold
in force at their date (thresholds from the data migration, as administrators keep them)."""

import datetime
from decimal import Decimal

import pytest

from dossiers.models import FundingLine, ProcurementThreshold
from dossiers.sheet import threshold_flag

pytestmark = pytest.mark.django_db

Instrument = FundingLine.Instrument


def flag(amount, start, *, instrument=Instrument.PUBLIC_CONTRACT, **fields):
    line = FundingLine(instrument=instrument, amount=Decimal(amount), start=start, **fields)
    return threshold_flag(line, list(ProcurementThreshold.objects.all()))


@pytest.mark.parametrize(
    ("amount", "flagged"),
    [
        ("25000", False),  # exactly at the threshold: publicity was required
        ("24999.99", True),  # just under
        ("22500", True),  # exactly 10 % under
        ("22499.99", False),  # further under than 10 %
        ("25000.01", False),  # just over
    ],
)
def test_amounts_around_the_2017_threshold(amount, flagged):
    result = flag(amount, "2017-02-01")
    assert (result is not None) is flagged
    if flagged:
        assert result.threshold.amount_excl_tax == 25000


def test_valenciennes_maintenance_is_four_percent_under():
    result = flag("24000", "2017-02", instrument=Instrument.MAINTENANCE)
    assert result.threshold.amount_excl_tax == 25000
    assert result.percent_under == Decimal("4.0")
    # In February 2017 the rule was décret 2016-360, not the amended code it replaced.
    assert result.threshold.legal_basis == (
        "Décret n° 2016-360 du 25 mars 2016 relatif aux marchés publics, art. 30-I-8°"
    )
    assert result.assumed_excl_tax  # the line does not say whether 24,000 is HT


@pytest.mark.parametrize(
    ("start", "text"),
    [
        ("2015-12-01", "décret n° 2015-1163"),
        ("2016-03-31", "décret n° 2015-1163"),
        ("2016-04-01", "Décret n° 2016-360"),
        ("2019-03-31", "Décret n° 2016-360"),
        ("2019-04-01", "Code de la commande publique, art. R. 2122-8"),
        ("2020-06-01", "décret n° 2019-1344"),
        ("2026-04-01", "décret n° 2025-1386"),
    ],
)
def test_each_date_cites_the_text_then_in_force(start, text):
    amount = "24000" if start < "2020" else ("38000" if start < "2026-04" else "58000")
    assert text in flag(amount, start).threshold.legal_basis


def test_the_flag_says_which_text_and_period_and_what_it_assumes(client):
    from django.template.loader import render_to_string

    html = render_to_string(
        "dossiers/sheet/_threshold_flag.html",
        {"flag": flag("24000", "2017-02", instrument=Instrument.MAINTENANCE)},
    )
    assert "si le montant est HT" in html
    assert "art. 30-I-8°" in html
    assert "1<sup>er</sup> avril 2016 au 31 mars 2019" in html


@pytest.mark.parametrize(
    ("amount", "start", "threshold"),
    [
        ("14000", "2015-09-30", 15000),  # last day of the 15,000 threshold
        ("14000", "2015-10-01", None),  # first day of 25,000: 14,000 is far under
        ("23000", "2015-10-01", 25000),
        ("23000", "2015-09-30", None),  # over the 15,000 of the day before
        ("24000", "2019-12-31", 25000),
        ("24000", "2020-01-01", None),  # 40,000 from 1 January 2020
        ("38000", "2020-01-01", 40000),
        ("38000", "2019-12-31", None),
    ],
)
def test_dates_on_each_side_of_a_change(amount, start, threshold):
    result = flag(amount, start)
    assert (result.threshold.amount_excl_tax if result else None) == threshold


def test_the_2026_thresholds():
    assert flag("58000", "2026-04-01").threshold.amount_excl_tax == 60000
    assert flag("38000", "2026-03-31").threshold.amount_excl_tax == 40000
    assert flag("95000", "2026-02-01", nature="works").threshold.amount_excl_tax == 100000


def test_works_have_their_own_temporary_thresholds():
    assert flag("95000", "2021-06-01", nature="works").threshold.amount_excl_tax == 100000
    assert flag("95000", "2021-06-01", nature="supplies_services") is None
    assert flag("65000", "2020-08-01", nature="works").threshold.amount_excl_tax == 70000
    # Before the temporary rise, works followed the common threshold.
    assert flag("65000", "2020-07-23", nature="works") is None
    assert flag("38000", "2020-07-23", nature="works").threshold.amount_excl_tax == 40000


def test_a_date_known_to_the_year_counts_every_threshold_of_that_year():
    # In 2015 the threshold went from 15,000 to 25,000 on 1 October.
    assert flag("14000", "2015").threshold.amount_excl_tax == 15000
    assert flag("23000", "2015").threshold.amount_excl_tax == 25000
    assert flag("14000", "2016") is None


def test_an_amount_including_tax_is_compared_excluding_it():
    result = flag("29000", "2017-03-01", tax_basis=FundingLine.TaxBasis.INCLUDING)
    assert result.converted
    assert result.amount_excl_tax.quantize(Decimal("1")) == 24167
    assert flag("29000", "2017-03-01", tax_basis=FundingLine.TaxBasis.EXCLUDING) is None


def test_only_contracts_are_checked():
    for instrument in (Instrument.DONATION_IN_KIND, Instrument.SUBSIDY, Instrument.UGAP):
        assert flag("24000", "2017-02-01", instrument=instrument) is None
    line = FundingLine(instrument=Instrument.MAINTENANCE, amount=None, start="2017-02")
    assert threshold_flag(line, list(ProcurementThreshold.objects.all())) is None


def test_administrators_extend_the_table():
    assert flag("65000", "2030-05-01") is None
    ProcurementThreshold.objects.create(
        amount_excl_tax=70000,
        scope=ProcurementThreshold.Scope.ALL,
        valid_from=datetime.date(2030, 1, 1),
        legal_basis="Décret imaginaire de test",
    )
    assert flag("65000", "2030-05-01").threshold.legal_basis == "Décret imaginaire de test"
