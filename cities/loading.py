"""Load the regions, departments and communes shipped in cities/data/.

The load is idempotent: rows are matched on their INSEE code, new ones are
created, changed ones updated, and a second run over the same files writes nothing.
Communes that disappear from a newer file are kept (dossiers may point to them).
"""

import csv
import gzip
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from cities.models import City, Department, Region
from cities.text import fold
from core.cache_tags import invalidate_everything
from core.page_cache import new_generation

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNE_COLUMNS = [
    "insee_code",
    "name",
    "slug",
    "department",
    "parent",
    "population",
    "postal_codes",
]
BATCH_SIZE = 2000


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other):
        return SyncCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )

    def __str__(self):
        return f"{self.created} créées, {self.updated} mises à jour, {self.unchanged} inchangées"


@dataclass
class LoadReport:
    regions: SyncCounts = field(default_factory=SyncCounts)
    departments: SyncCounts = field(default_factory=SyncCounts)
    cities: SyncCounts = field(default_factory=SyncCounts)

    @property
    def changed_anything(self):
        return any(c.created or c.updated for c in (self.regions, self.departments, self.cities))


def read_csv(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def sync(model, wanted, key="code"):
    """Make the table match `wanted` ({key value: {field: value}}) without deleting."""
    counts = SyncCounts()
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    for key_value, values in wanted.items():
        obj = existing.get(key_value)
        if obj is None:
            to_create.append(model(**{key: key_value}, **values))
            continue
        differing = [name for name, value in values.items() if getattr(obj, name) != value]
        if differing:
            for name in differing:
                setattr(obj, name, values[name])
            to_update.append(obj)
            changed_fields.update(differing)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


def load_communes(data_dir=DATA_DIR, only=None):
    """Load every commune, or only those whose INSEE codes are in `only`."""
    region_rows = read_csv(data_dir / "regions.csv")
    department_rows = read_csv(data_dir / "departments.csv")
    commune_rows = read_csv(data_dir / "communes.csv.gz")
    if only is not None:
        wanted_codes = set(only)
        wanted_codes |= {r["parent"] for r in commune_rows if r["insee_code"] in wanted_codes}
        commune_rows = [r for r in commune_rows if r["insee_code"] in wanted_codes]

    report = LoadReport()
    with transaction.atomic():
        report.regions = sync(Region, {r["code"]: {"name": r["name"]} for r in region_rows})
        region_ids = dict(Region.objects.values_list("code", "id"))
        report.departments = sync(
            Department,
            {
                d["code"]: {"name": d["name"], "region_id": region_ids[d["region"]]}
                for d in department_rows
            },
        )
        department_ids = dict(Department.objects.values_list("code", "id"))

        def city_values(row):
            return {
                "name": row["name"],
                "slug": row["slug"],
                "search_name": fold(row["name"]),
                "department_id": department_ids[row["department"]],
                "kind": City.Kind.ARRONDISSEMENT if row["parent"] else City.Kind.COMMUNE,
                "population": int(row["population"]) if row["population"] else None,
                "postal_codes": row["postal_codes"],
            }

        # Communes first: the arrondissements of Paris, Lyon and Marseille point to them.
        communes = {r["insee_code"]: city_values(r) for r in commune_rows if not r["parent"]}
        report.cities = sync(City, communes, key="insee_code")
        arrondissement_rows = [r for r in commune_rows if r["parent"]]
        parent_ids = dict(
            City.objects.filter(
                insee_code__in={r["parent"] for r in arrondissement_rows}
            ).values_list("insee_code", "id")
        )
        arrondissements = {
            r["insee_code"]: {**city_values(r), "parent_id": parent_ids[r["parent"]]}
            for r in arrondissement_rows
        }
        report.cities += sync(City, arrondissements, key="insee_code")
        # Bulk writes send no signals: cached pages showing communes must go.
        invalidate_everything()
        new_generation()
    return report
