"""Writing the open-data files: each table of published content (review.exports) as
CSV and as JSON (an array of objects, one per line), and `datapackage.json`, a
Frictionless Data Package (v2) that describes them all with their table schemas,
keys, licence and sources.

Rows are read in chunks and written as they come, so memory does not grow with
the data, all in one transaction, so the tables agree with each other. A set of
files is written into a new folder, then put in place of the previous one by
replacing a symbolic link: a reader never sees half a set.
"""

import csv
import fcntl
import json
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from review.exports import tables

# Rows read per query: a dossier comes with its text and its citations, and 500 of
# them keep the exporting process near 100 MB on the France-sized bench.
CHUNK = 500
# Under OPENDATA_ROOT: each complete set in a folder of its own, and `current`, a
# symbolic link to the newest.
CURRENT = "current"
SET_PREFIX = "set-"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# The database under ODbL; the texts in it (summaries, bodies, notes) under the
# site's content licence, as the licence page says.
LICENCES = [
    {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Data Commons Open Database License (ODbL) 1.0",
    },
    {
        "name": "CC-BY-SA-4.0",
        "path": "https://creativecommons.org/licenses/by-sa/4.0/",
        "title": "Creative Commons Attribution-ShareAlike 4.0 (texts)",
    },
]


def csv_value(value):
    """A value as the CSV file writes it: ISO dates, « true »/« false », decimals as
    they are stored, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def json_value(value):
    """A value as JSON text: decimals as they are stored, never through a float."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def rows_of(table, records=None):
    """Each row of `table` (or of its `records`, a queryset of its rows narrowed) as a
    list of Python values, in column order."""
    records = table.rows() if records is None else records
    for record in records.iterator(chunk_size=CHUNK):
        yield [column.read(record) for column in table.columns]


def write_table(table, folder):
    """`<name>.csv` and `<name>.json` of `table` in `folder`; the row count. The
    JSON is an array written an object per line: streamed like the CSV, and read
    by any JSON parser (an empty JSON Lines file is no valid resource for
    frictionless, an empty array is)."""
    names = [column.name for column in table.columns]
    keys = [json.dumps(name) for name in names]
    count = 0
    with (
        (folder / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as csv_file,
        (folder / f"{table.name}.json").open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file, lineterminator="\n")
        writer.writerow(names)
        json_file.write("[")
        for values in rows_of(table):
            writer.writerow([csv_value(value) for value in values])
            pairs = zip(keys, map(json_value, values), strict=True)
            json_file.write(",\n" if count else "\n")
            json_file.write("{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}")
            count += 1
        json_file.write("\n]\n")
    return count


def table_schema(table, resource_suffix=""):
    """The Table Schema of `table`; its foreign keys refer to the resources named
    with `resource_suffix` (a CSV file's to CSV files, a JSON file's to JSON files)."""
    fields = []
    for column in table.columns:
        described = {"name": column.name, "type": column.type}
        if column.description:
            described["description"] = str(column.description)
        constraints = {}
        if column.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = list(column.enum)
        if column.pattern:
            constraints["pattern"] = column.pattern
        if constraints:
            described["constraints"] = constraints
        fields.append(described)
    return {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "foreignKeys": [
            {
                "fields": [name],
                "reference": {"resource": f"{target}{resource_suffix}", "fields": [field]},
            }
            for name, target, field in table.foreign_keys
        ],
        "missingValues": [""],
    }


def data_package(written):
    """The descriptor of the files `written` ([(Table, row count)])."""
    resources = []
    for table, _count in written:
        for suffix, extension, details in (
            ("", "csv", {"format": "csv", "mediatype": "text/csv"}),
            ("-json", "json", {"format": "json", "mediatype": "application/json"}),
        ):
            resources.append(
                {
                    "name": f"{table.name}{suffix}",
                    "path": f"{table.name}.{extension}",
                    "title": str(table.title),
                    **({"description": str(table.description)} if table.description else {}),
                    **details,
                    "encoding": "utf-8",
                    "schema": table_schema(table, suffix),
                }
            )
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "villes-sous-surveillance",
        "title": _("Villes sous surveillance : dossiers, fiches et sources"),
        "description": _(
            "Les dispositifs de surveillance documentés commune par commune : dossiers "
            "publiés, technologies, acteurs, financements, chiffres, événements, "
            "sources et citations. Seul le contenu publié y figure."
        ),
        "homepage": settings.SITE_URL + "/",
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": LICENCES,
        "sources": [
            {"title": _("Les contributeurs et contributrices du site"), "path": settings.SITE_URL}
        ],
        "resources": resources,
    }


@contextmanager
def one_export_at_a_time(root):
    """Held while an export writes into `root`: a second one (an overlapping cron
    run) waits, then writes a set of its own, newer."""
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def snapshot():
    """One transaction for every table, so that each foreign key finds its row: on
    PostgreSQL a repeatable, read-only one (within a transaction already open, as in
    tests, that one is the snapshot)."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def current(root):
    """The folder of the newest complete set of files under `root` (a symbolic link
    that each export replaces in one step)."""
    return Path(root) / CURRENT


def export(root):
    """Write every table and the Data Package into a new folder under `root`, then
    point `root/current` at it in one step (readers never see half a set), and
    remove older sets. Returns {table name: row count}."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with one_export_at_a_time(root):
        new = Path(tempfile.mkdtemp(prefix=SET_PREFIX, dir=root))
        try:
            with snapshot(), translation.override(settings.LANGUAGE_CODE):
                written = [(table, write_table(table, new)) for table in tables()]
                descriptor = data_package(written)
            (new / "datapackage.json").write_text(
                json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            new.chmod(0o755)
            link = root / f".{CURRENT}-{new.name}"
            link.symlink_to(new.name)
            link.replace(root / CURRENT)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        # Files being downloaded stay readable until closed, even once removed.
        for old in root.glob(f"{SET_PREFIX}*"):
            if old != new:
                shutil.rmtree(old, ignore_errors=True)
    return {table.name: count for table, count in written}
