"""A dossier's structured sheet as its page shows it, read in a fixed number of queries:
each row with the numbers of its sources in the reference list, funding totals that
never mix what cannot be added, lines just under a procurement threshold, and camera
densities."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from core.cache_tags import Computed, covers, depends_on, part_tag
from core.page_cache import kept_value
from dossiers.models import (
    ActorRole,
    Dossier,
    Event,
    Figure,
    FundingLine,
    ProcurementThreshold,
    TechnologyUse,
)
from dossiers.models.sheet import PRESENCE_PART, section_part
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


def section(computed, index=None):
    """A DossierSheet attribute that reads its Computed section (its `index`th value)."""

    def read(sheet):
        value = getattr(sheet, computed)()
        return value if index is None else value[index]

    return property(read)


class DossierSheet:
    """A published dossier's structured sheet, each section read at its first use.

        Each section is a core.cache_tags.Computed: a kept part of the page that shows it
        depends on what reading it read, and on the section's part tag, which each row
        names as its parent. An edit of a figure thus builds the figures again, and
        leaves the other sections kept. `references` is the dossier's stored reference
        list's numbers (a Computed of citations.stored_numbers(), read once for every
    section).
    """

    SECTIONS = {
        "technology_uses": TechnologyUse,
        "actor_roles": ActorRole,
        "funding_lines": FundingLine,
        "figure_groups": Figure,
        "events": Event,
    }
    # Each section, a kept part of the page (templates/dossiers/_sheet.html), by its
    # name, and the template that shows it, in the page or alone
    # (dossiers.views.pages.sheet_section).
    PART_TEMPLATES = {
        "sheet-technologies": "dossiers/sheet/section_technologies.html",
        "sheet-actors": "dossiers/sheet/section_actors.html",
        "sheet-funding": "dossiers/sheet/section_funding.html",
        "sheet-figures": "dossiers/sheet/section_figures.html",
        "sheet-events": "dossiers/sheet/section_events.html",
    }

    def __init__(self, dossier, numbers, shown=None):
        self.dossier = dossier
        self.numbers = numbers
        # What the sections show of the dossier (its address, its commune), read by the
        # part that shows it, so that the part depends on it.
        self.shown = shown or (lambda: dossier)

        def section(read, model):
            return Computed(read, [part_tag(Dossier, dossier.pk, section_part(model))])

        self._technology_uses = section(self.read_technology_uses, TechnologyUse)
        self._actor_roles = section(self.read_actor_roles, ActorRole)
        self._funding = section(self.read_funding, FundingLine)
        self._figure_groups = section(self.read_figure_groups, Figure)
        self._events = section(self.read_events, Event)
        self._present = Computed(lambda: kept_value("sheet-present", dossier.pk, self.read_present))

    technology_uses = section("_technology_uses")
    actor_roles = section("_actor_roles")
    funding_lines = section("_funding", 0)
    totals_by_payer = section("_funding", 1)
    totals_by_instrument = section("_funding", 2)
    figure_groups = section("_figure_groups")
    events = section("_events")

    @property
    def shown_dossier(self):
        return self.shown()

    @property
    def present(self):
        """{section: whether it has a row}, for the page's outline: kept until a row
        appears or disappears (a query otherwise, on every build of the page)."""
        return self._present()

    @property
    def is_empty(self):
        return not any(self.present.values())

    def read_present(self):
        # It reads the dossier's rows and nothing else of these tables.
        covers(Dossier, *self.SECTIONS.values())
        depends_on(part_tag(Dossier, self.dossier.pk, PRESENCE_PART))
        dossier = type(self.dossier).objects.filter(pk=self.dossier.pk)
        exists = {
            f"has_{name}": Exists(model.objects.current().filter(dossier=OuterRef("pk")))
            for name, model in self.SECTIONS.items()
        }
        found = dossier.values(**exists).get()
        return {name: found[f"has_{name}"] for name in self.SECTIONS}

    def numbered(self, rows):
        """`rows`, each with the numbers of its sources in the reference list, and the
        requests for documents it waits for (« à confirmer »)."""
        numbers, awaited = self.numbers()
        rows = list(rows)
        for row in rows:
            row.reference_numbers = sorted(
                numbers[key] for key in row.source_key_list if key in numbers
            )
            row.awaited_requests = [awaited[key] for key in row.source_key_list if key in awaited]
        return rows

    def read_technology_uses(self):
        return self.numbered(self.dossier.technology_uses.current().select_related("technology"))

    def read_actor_roles(self):
        return self.numbered(self.dossier.actor_roles.current().select_related("actor"))

    def read_funding(self):
        """(lines, totals by payer, totals by instrument)."""
        lines = self.numbered(
            self.dossier.funding_lines.current().select_related("payer", "recipient")
        )
        if any(line.instrument in FundingLine.CONTRACTS for line in lines):
            thresholds = list(ProcurementThreshold.objects.all())
            for line in lines:
                line.threshold_flag = threshold_flag(line, thresholds)
        return (
            lines,
            totals(lines, lambda line: line.payer_id, lambda line: line.payer.name),
            totals(lines, lambda line: line.instrument, lambda line: line.get_instrument_display()),
        )

    def read_figure_groups(self):
        figures = self.numbered(self.dossier.figures.current())
        return figure_groups(figures, self.shown().city.population)

    def read_events(self):
        return self.numbered(self.dossier.events.current())


def build_sheet(dossier, references):
    """The sheet of a published dossier; `references` is its stored reference list."""
    numbers = {reference.key: reference.number for reference in references}
    awaited = {ref.key: ref.request for ref in references if ref.request is not None}
    return DossierSheet(dossier, Computed(lambda: (numbers, awaited)))
