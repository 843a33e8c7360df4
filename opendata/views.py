"""/donnees/: what the open data is, its licences, how to cite it, and its files,
served from the newest complete set that `manage.py export_data` wrote."""

import json
import re
from datetime import datetime

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.static import was_modified_since

from opendata.writing import current

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
    """[{title, description, name, files: [(format, path, size)]}] by table."""
    tables, folder = {}, current(settings.OPENDATA_ROOT)
    for resource in package["resources"]:
        name = resource["name"].removesuffix("-json")
        table = tables.setdefault(
            name,
            {"name": name, "title": resource["title"], "description": resource.get("description")},
        )
        path = resource["path"]
        size = (folder / path).stat().st_size if (folder / path).exists() else None
        table.setdefault("files", []).append((resource["format"].upper(), path, size))
        table["fields"] = resource["schema"]["fields"]
    return list(tables.values())


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
