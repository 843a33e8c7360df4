"""The map of published dossiers by département (/carte/ and the home page).

Geometry comes from `cities.maps`; this module counts the dossiers of a (filtered)
queryset per département in two queries, whatever the number of dossiers, and gives
each département a shade from fixed classes so that the same count always looks the
same, whatever the filters.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cities.maps import VIEW_BOX, Shape, department_shapes
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
        return ngettext(
            "%(name)s : %(count)s dossier publié",
            "%(name)s : %(count)s dossiers publiés",
            self.count,
        ) % {"name": self.department.name, "count": self.count}


class DepartmentMap:
    """Published dossiers of `dossiers` counted per département, read when a template
    first asks (so a cached page costs no query). `url_for(department)` is where a
    département leads."""

    view_box = " ".join(str(number) for number in VIEW_BOX)
    legend = staticmethod(legend)

    def __init__(self, dossiers, url_for):
        self.dossiers = dossiers
        self.url_for = url_for

    @cached_property
    def all_areas(self):
        counts = dict(
            self.dossiers.order_by()
            .values_list("city__department")
            .annotate(count=Count("pk", distinct=True))
        )
        shapes = {shape.code: shape for shape in department_shapes()}
        return [
            MapArea(
                department,
                counts.get(department.pk, 0),
                self.url_for(department),
                shapes.get(department.code),
            )
            for department in Department.objects.only("code", "name").order_by("code")
        ]

    @property
    def areas(self):
        """The départements drawn, in the order of the drawing (metropolitan ones,
        then the overseas insets)."""
        order = {shape.code: index for index, shape in enumerate(department_shapes())}
        drawn = [area for area in self.all_areas if area.shape is not None]
        return sorted(drawn, key=lambda area: order[area.shape.code])

    @property
    def insets(self):
        return [area for area in self.areas if area.shape.inset]

    @property
    def documented(self):
        """Rows of the table: every département with a dossier, drawn or not (the
        overseas collectivities have no shape on the map), by code."""
        return [area for area in self.all_areas if area.count]

    @property
    def undrawn(self):
        return [area for area in self.documented if area.shape is None]

    @property
    def total(self):
        return sum(area.count for area in self.all_areas)
