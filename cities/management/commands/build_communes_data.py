"""Rebuild the compact commune files shipped in cities/data/ from Etalab's JSON.

Maintainers run this when a new millésime of the Etalab "découpage administratif"
package comes out; the site itself only ever reads the files it writes.
"""

import collections
import csv
import gzip
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cities.loading import COMMUNE_COLUMNS, DATA_DIR
from cities.text import place_slug

CURRENT_TYPES = {"commune-actuelle", "arrondissement-municipal"}


class Command(BaseCommand):
    help = "Writes cities/data/ from the JSON files of @etalab/decoupage-administratif."

    def add_arguments(self, parser):
        parser.add_argument("etalab_dir", type=Path, help="Folder holding communes.json etc.")

    def handle(self, etalab_dir, **options):
        try:
            regions = self.read_json(etalab_dir / "regions.json")
            departments = self.read_json(etalab_dir / "departements.json")
            communes = self.read_json(etalab_dir / "communes.json")
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the Etalab data: {error}") from error

        current = [c for c in communes if c["type"] in CURRENT_TYPES]
        slugs = self.unique_slugs(current)

        with open(DATA_DIR / "regions.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["code", "name"])
            writer.writerows([r["code"], r["nom"]] for r in regions)

        with open(DATA_DIR / "departments.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["code", "name", "region"])
            writer.writerows([d["code"], d["nom"], d["region"]] for d in departments)

        self.write_communes(current, slugs)
        self.stdout.write(
            f"{len(regions)} regions, {len(departments)} departments and "
            f"{len(current)} communes written to {DATA_DIR}."
        )

    def read_json(self, path):
        with open(path, encoding="utf-8") as source:
            return json.load(source)

    def unique_slugs(self, communes):
        """The plain name where it is unique in France, else the name and department."""
        counts = collections.Counter(place_slug(c["nom"]) for c in communes)
        slugs = {}
        for commune in communes:
            slug = place_slug(commune["nom"])
            if counts[slug] > 1:
                slug = f"{slug}-{commune['departement'].lower()}"
            slugs[commune["code"]] = slug
        if len(set(slugs.values())) != len(slugs):
            raise CommandError("Two communes share a slug: extend the slug rule.")
        return slugs

    def write_communes(self, communes, slugs):
        rows = sorted(communes, key=lambda c: c["code"])
        # mtime=0 keeps the archive byte-identical when the data has not changed.
        with (
            gzip.GzipFile(DATA_DIR / "communes.csv.gz", "wb", mtime=0) as archive,
            io.TextIOWrapper(archive, encoding="utf-8", newline="") as out,
        ):
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COMMUNE_COLUMNS)
            for c in rows:
                writer.writerow(
                    [
                        c["code"],
                        c["nom"],
                        slugs[c["code"]],
                        c["departement"],
                        c.get("commune", ""),
                        c.get("population", ""),
                        " ".join(c.get("codesPostaux", [])),
                    ]
                )
