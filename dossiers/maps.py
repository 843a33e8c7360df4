"""The map of published dossiers (/carte/ and the home page).

Geometry and commune positions come from `cities.maps`; this module counts the dossiers
of a (filtered) queryset per commune and per département in two queries, whatever the
number of dossiers, gives each département a shade from fixed classes (the same count
always looks the same, whatever the filters) and each placed commune a mark.
"""

import collections
import math
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cities.maps import VIEW_BOX, Shape, commune_point, department_shapes
from cities.models import Department

# The lower bound of each shade after « none »: 1, 2–4, 5–9, 10–24, 25 and more.
LEVEL_BOUNDS = (1, 2, 5, 10, 25)


def level_of(count):
    """0 for no dossier, then 1 to len(LEVEL_BOUNDS)."""
    return sum(count >= bound for bound in LEVEL_BOUNDS)


def legend():
    """(level, label) for every shade, lightest first."""
    entries = [(0, _("aucun dossier"))]
    uppers = [bound - 1 for bound in LEVEL_BOUNDS[1:]] + [None]
    for level, (lower, upper) in enumerate(zip(LEVEL_BOUNDS, uppers, strict=True), start=1):
        if upper is None:
            label = _("%(lower)s dossiers ou plus") % {"lower": lower}
        elif lower == upper:
            label = ngettext("%(count)s dossier", "%(count)s dossiers", lower) % {"count": lower}
        else:
            label = _("%(lower)s à %(upper)s dossiers") % {"lower": lower, "upper": upper}
        entries.append((level, label))
    return entries


def published_label(name, count):
    return ngettext(
        "%(name)s : %(count)s dossier publié",
        "%(name)s : %(count)s dossiers publiés",
        count,
    ) % {"name": name, "count": count}


@dataclass
class MapArea:
    """A département as the map shows it: its shape, its count and where it leads."""

    department: Department
    count: int
    url: str
    shape: Shape | None = None

    @property
    def level(self):
        return level_of(self.count)

    @property
    def label(self):
        return published_label(self.department.name, self.count)


@dataclass
class CommuneMark:
    """A documented commune as the map marks it: a disc whose area grows with its
    count (its municipal arrondissements counted with it)."""

    insee_code: str
    name: str
    count: int
    x: float
    y: float
    url: str = ""

    @property
    def radius(self):
        return round(min(MARK_MAX_RADIUS, MARK_RADIUS * math.sqrt(self.count)), 1)

    @property
    def label(self):
        return published_label(self.name, self.count)


MARK_RADIUS, MARK_MAX_RADIUS = 3.5, 14
# Past this many communes, marks would cover the map (and weigh on the page): the
# map shows the départements' shades only and asks for narrower filters.
MAX_MARKS = 500


class DepartmentMap:
    """The published dossiers of `dossiers` counted per commune and per département,
    in two queries read when a template first asks (so a cached page costs none).
    `link(department=…)` and `link(commune=…)` say where an area or a mark leads.
    Without marks (`with_marks=False`: a small map), the database counts per
    département only."""

    view_box = " ".join(str(number) for number in VIEW_BOX)
    legend = staticmethod(legend)

    def __init__(self, dossiers, link, *, with_marks=True):
        self.dossiers = dossiers
        self.link = link
        self.with_marks = with_marks

    @cached_property
    def department_counts(self):
        """{département code: published dossiers}: summed from the communes' counts
        when the marks need them anyway, else counted by the database."""
        if not self.with_marks:
            return collections.Counter(
                dict(
                    self.dossiers.order_by()
                    .values_list("city__department__code")
                    .annotate(count=Count("pk"))
                )
            )
        counts = collections.Counter()
        for *_place, department_code, _parent, _parent_name, count in self.per_commune:
            counts[department_code] += count
        return counts

    @cached_property
    def per_commune(self):
        """(INSEE code, name, département code, parent's code, parent's name, count)
        of every commune or arrondissement with a dossier."""
        return list(
            self.dossiers.order_by()
            .values_list(
                "city__insee_code",
                "city__name",
                "city__department__code",
                "city__parent__insee_code",
                "city__parent__name",
            )
            .annotate(count=Count("pk"))
        )

    @cached_property
    def all_areas(self):
        counts = self.department_counts
        shapes = {shape.code: shape for shape in department_shapes()}
        return [
            MapArea(
                department,
                counts[department.code],
                self.link(department=department.pk),
                shapes.get(department.code),
            )
            for department in Department.objects.only("code", "name").order_by("code")
        ]

    @cached_property
    def areas(self):
        """The départements drawn, in the order of the drawing (metropolitan ones,
        then the overseas insets)."""
        order = {shape.code: index for index, shape in enumerate(department_shapes())}
        drawn = [area for area in self.all_areas if area.shape is not None]
        return sorted(drawn, key=lambda area: order[area.shape.code])

    @cached_property
    def placed(self):
        """A mark per documented commune the shipped positions place, largest first
        (so that smaller ones are drawn over them and stay within reach)."""
        if not self.with_marks:
            return []
        places = {}
        for code, name, department_code, parent, parent_name, count in self.per_commune:
            if parent:  # an arrondissement of Paris, Lyon or Marseille: its commune's mark
                code, name = parent, parent_name
            if code in places:
                places[code].count += count
            elif point := commune_point(code, department_code):
                places[code] = CommuneMark(code, name, count, *point)
        return sorted(places.values(), key=lambda mark: (-mark.count, mark.insee_code))

    @property
    def max_marks(self):
        return MAX_MARKS

    @property
    def too_many_marks(self):
        """More communes than a map can mark one by one: the shades say it all, until
        the filters narrow the dossiers down."""
        return len(self.placed) > MAX_MARKS

    @cached_property
    def marks(self):
        if self.too_many_marks:
            return []
        for mark in self.placed:
            mark.url = self.link(commune=mark.insee_code)
        return self.placed

    @property
    def unmarked(self):
        """How many documented communes have no mark although the map marks communes
        (no position shipped, or outside the drawn départements): their dossiers count
        in their département only."""
        if not self.with_marks or self.too_many_marks:
            return 0
        documented = {parent or code for code, _n, _d, parent, _pn, _c in self.per_commune}
        return len(documented) - len(self.marks)

    @property
    def documented(self):
        """Rows of the table: every département with a dossier, drawn or not (the
        overseas collectivities have no shape on the map), by code."""
        return [area for area in self.all_areas if area.count]

    @property
    def total(self):
        return sum(area.count for area in self.all_areas)
