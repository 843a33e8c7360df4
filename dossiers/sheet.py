"""A dossier's structured sheet as its page shows it, read in a fixed number of queries:
each row with the numbers of its sources in the reference list, funding totals that
never mix what cannot be added, lines just under a procurement threshold, and camera
densities."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dossiers.models import FundingLine, ProcurementThreshold
from sources.dates import partial_date_bounds

# A line this close under a threshold (10 %) is flagged.
NEAR_THRESHOLD = Decimal("0.9")
# Thresholds are excluding tax: an amount including tax is compared at the standard rate.
STANDARD_VAT = Decimal("1.2")
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ThresholdFlag:
    """A contract whose amount sits just under the threshold that exempted it."""

    threshold: ProcurementThreshold
    amount_excl_tax: Decimal
    converted: bool  # the line gave an amount including tax
    assumed_excl_tax: bool = False  # the line does not say: compared as if excluding tax

    @property
    def percent_under(self):
        gap = (self.threshold.amount_excl_tax - self.amount_excl_tax) * 100
        return (gap / self.threshold.amount_excl_tax).quantize(Decimal("0.1"), ROUND_HALF_UP)


def threshold_on(day, nature, thresholds):
    """The threshold in force on `day` for a purchase of `nature`.

    Where several rows cover the day, the most recent text wins, and on the same day
    a threshold for this nature of purchase beats the one for every contract.
    """
    in_force = [
        threshold
        for threshold in thresholds
        if threshold.valid_from <= day
        and (threshold.valid_until is None or day <= threshold.valid_until)
        and threshold.scope in (nature, ProcurementThreshold.Scope.ALL)
    ]
    in_force.sort(
        key=lambda t: (-t.valid_from.toordinal(), t.scope == ProcurementThreshold.Scope.ALL)
    )
    return in_force[0] if in_force else None


def thresholds_during(first, last, nature, thresholds):
    """Every threshold in force on some day from `first` to `last`, in date order.

    A date known only to the month or the year may straddle a change of threshold:
    each one that may have applied counts.
    """
    days = {first}
    for threshold in thresholds:
        days.add(threshold.valid_from)
        if threshold.valid_until is not None:
            days.add(threshold.valid_until + ONE_DAY)
    found = []
    for day in sorted(day for day in days if first <= day <= last):
        threshold = threshold_on(day, nature, thresholds)
        if threshold is not None and threshold not in found:
            found.append(threshold)
    return found


def threshold_flag(line, thresholds):
    """A ThresholdFlag if `line` is a contract within 10 % under the threshold at its date."""
    if line.instrument not in FundingLine.CONTRACTS or line.amount is None or not line.start:
        return None
    converted = line.tax_basis == FundingLine.TaxBasis.INCLUDING
    amount = line.amount / STANDARD_VAT if converted else line.amount
    first, last = partial_date_bounds(line.start)
    for threshold in thresholds_during(first, last, line.nature, thresholds):
        if threshold.amount_excl_tax * NEAR_THRESHOLD <= amount < threshold.amount_excl_tax:
            unstated = line.tax_basis == FundingLine.TaxBasis.UNSTATED
            return ThresholdFlag(threshold, amount, converted, assumed_excl_tax=unstated)
    return None


@dataclass
class Total:
    """The sum of some funding lines, kept apart by what may not be added together:
    excluding or including tax (or unstated), established or estimated, money or in kind."""

    label: str
    parts: dict = field(default_factory=lambda: defaultdict(Decimal))
    unknown_count: int = 0

    def add(self, line):
        if line.amount is None:
            self.unknown_count += 1
        else:
            self.parts[(line.in_kind, line.is_estimate, line.tax_basis)] += line.amount

    @property
    def amounts(self):
        """(amount, description) pairs, money before in kind, established before estimated."""
        tax_labels = dict(FundingLine.TaxBasis.choices)
        amounts = []
        for (in_kind, is_estimate, tax_basis), amount in sorted(self.parts.items()):
            notes = []
            if tax_basis == FundingLine.TaxBasis.UNSTATED:
                notes.append(_("HT ou TTC non précisé"))
            else:
                notes.append(str(tax_labels[tax_basis]))
            if in_kind:
                notes.append(_("en nature"))
            if is_estimate:
                notes.append(_("estimation"))
            amounts.append((amount, ", ".join(notes)))
        return amounts


def totals(lines, key, label):
    groups = {}
    for line in lines:
        group = groups.setdefault(key(line), Total(label(line)))
        group.add(line)
    return list(groups.values())


@dataclass
class FigureGroup:
    label: str
    figures: list

    @property
    def largest(self):
        return max(figure.value for figure in self.figures)


def figure_groups(figures, population):
    groups = {}
    for figure in figures:
        group = groups.setdefault(figure.metric, FigureGroup(figure.get_metric_display(), []))
        density = figure.per_thousand_inhabitants(population)
        figure.density = (
            density.quantize(Decimal("0.1"), ROUND_HALF_UP) if density is not None else None
        )
        group.figures.append(figure)
    for group in groups.values():
        # In date order, the values whose date no source gives at the end.
        group.figures.sort(key=lambda figure: (not figure.as_of, figure.as_of))
    return list(groups.values())


@dataclass
class Sheet:
    technology_uses: list
    actor_roles: list
    funding_lines: list
    totals_by_payer: list
    totals_by_instrument: list
    figure_groups: list
    events: list

    @property
    def is_empty(self):
        return not any(
            (
                self.technology_uses,
                self.actor_roles,
                self.funding_lines,
                self.figure_groups,
                self.events,
            )
        )


def build_sheet(dossier, references):
    """The sheet of a published dossier; `references` is its stored reference list."""
    numbers = {reference.key: reference.number for reference in references}
    awaited = {ref.key: ref.request for ref in references if ref.request is not None}
    technology_uses = list(dossier.technology_uses.current().select_related("technology"))
    actor_roles = list(dossier.actor_roles.current().select_related("actor"))
    funding_lines = list(dossier.funding_lines.current().select_related("payer", "recipient"))
    figures = list(dossier.figures.current())
    events = list(dossier.events.current())
    for row in [*technology_uses, *actor_roles, *funding_lines, *figures, *events]:
        row.reference_numbers = sorted(
            numbers[key] for key in row.source_key_list if key in numbers
        )
        # A claim that cites a request for documents waits for them: « à confirmer ».
        row.awaited_requests = [awaited[key] for key in row.source_key_list if key in awaited]
    if any(line.instrument in FundingLine.CONTRACTS for line in funding_lines):
        thresholds = list(ProcurementThreshold.objects.all())
        for line in funding_lines:
            line.threshold_flag = threshold_flag(line, thresholds)
    return Sheet(
        technology_uses=technology_uses,
        actor_roles=actor_roles,
        funding_lines=funding_lines,
        totals_by_payer=totals(
            funding_lines, lambda line: line.payer_id, lambda line: line.payer.name
        ),
        totals_by_instrument=totals(
            funding_lines, lambda line: line.instrument, lambda line: line.get_instrument_display()
        ),
        figure_groups=figure_groups(figures, dossier.city.population),
        events=events,
    )
