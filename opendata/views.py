"""/donnees/: what the open data is, its licences, how to cite it, and its files,
served from the newest complete set that `manage.py export_data` wrote."""

import csv
import json
import re
from datetime import datetime
from itertools import chain

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.static import was_modified_since

from core.page_cache import ALL_PARAMS
from opendata.writing import csv_value, current, rows_of
from review.exports import tables

# What may be downloaded: a table's files, and the descriptor.
FILE_NAME = re.compile(r"(?:[a-z][a-z_]*\.(?:csv|json)|datapackage\.json)")
MEDIA_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8"}


def read_package():
    """The descriptor of the current set, or None before the first export."""
    try:
        return json.loads((current(settings.OPENDATA_ROOT) / "datapackage.json").read_text())
    except FileNotFoundError:
        return None


def tables_of(package):
    """[{name, title, description, fields, files: [(format, path, size)]}] of the
    tables in `package`, named and described in the reader's language (the
    descriptor is written in French)."""
    live = {table.name: table for table in tables()}
    described, folder = {}, current(settings.OPENDATA_ROOT)
    for resource in package["resources"]:
        name = resource["name"].removesuffix("-json")
        table = live.get(name)
        entry = described.setdefault(
            name,
            {
                "name": name,
                "title": table.title if table else resource["title"],
                "description": table.description if table else resource.get("description"),
                "fields": [
                    {"name": column.name, "description": column.description}
                    for column in table.columns
                ]
                if table
                else resource["schema"]["fields"],
                "files": [],
            },
        )
        path = resource["path"]
        size = (folder / path).stat().st_size if (folder / path).exists() else None
        entry["files"].append((resource["format"].upper(), path, size))
    return list(described.values())


# The set changes when an export runs, not when content does: never kept by the
# page cache (which is keyed by the content generation).
@method_decorator(never_cache, name="dispatch")
class OpenDataView(TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        package = read_package()
        return super().get_context_data(
            package=package,
            tables=tables_of(package) if package else [],
            created=datetime.fromisoformat(package["created"]) if package else None,
            site_url=settings.SITE_URL,
            **kwargs,
        )


class Lines:
    """A file for csv.writer that hands each written line back, to stream it."""

    def write(self, line):
        return line


def extract(request, name):
    """Rows of table `name` as CSV, streamed as they are read: those its list page's
    filters keep (the same parameters: « Télécharger ces résultats »), or those of
    one dossier (?dossier=<id>)."""
    table = next((table for table in tables() if table.name == name), None)
    if table is None:
        raise Http404
    records = table.rows()
    if table.filterset_class is not None:
        filterset = table.filterset_class(request.GET, queryset=records)
        if not filterset.is_valid():
            errors = "\n".join(
                f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
            )
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        records = filterset.qs
    if "dossier" in request.GET:
        column = "pk" if table.name == "dossiers" else "dossier_id"
        if column == "dossier_id" and "dossier_id" not in [c.name for c in table.columns]:
            return HttpResponseBadRequest(
                _("Cette table ne se rapporte pas à un dossier."),
                content_type="text/plain; charset=utf-8",
            )
        try:
            records = records.filter(**{column: int(request.GET["dossier"])})
        except ValueError:
            return HttpResponseBadRequest(
                _("Le paramètre « dossier » doit être le numéro d’un dossier."),
                content_type="text/plain; charset=utf-8",
            )
    writer = csv.writer(Lines(), lineterminator="\n")
    lines = chain(
        [writer.writerow([column.name for column in table.columns])],
        (
            writer.writerow([csv_value(value) for value in values])
            for values in rows_of(table, records)
        ),
    )
    response = StreamingHttpResponse(lines, content_type=MEDIA_TYPES[".csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}-extrait.csv"'
    return response


def download(request, name):
    """A file of the current set, as it was written; 404 for any other name."""
    if not FILE_NAME.fullmatch(name):
        raise Http404
    path = current(settings.OPENDATA_ROOT).resolve() / name
    try:
        opened = path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    modified = path.stat().st_mtime
    if not was_modified_since(request.headers.get("If-Modified-Since"), modified):
        opened.close()
        return HttpResponseNotModified()
    response = FileResponse(
        opened, content_type=MEDIA_TYPES[path.suffix], as_attachment=path.suffix == ".csv"
    )
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


# An extract takes its table's filters; a file is the same whatever is asked.
extract.cache_params = ALL_PARAMS
