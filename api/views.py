"""The read-only API: published content only, the same for everyone.

No authentication: the API ignores sessions, so every reader gets the same answer
for an address, kept for all (core.page_cache.same_for_everyone, as feeds are)
under the content generation. Every answer carries validators derived from that
generation (an ETag and a Last-Modified that change whenever published content
changes), and a conditional request whose copy is still current is answered 304
before any other work, whether the answer was kept or not.

Anonymous throttling (api.throttling) counts the requests that reach these views.
"""

import re

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from activity.filters import ChangeFilter
from api import serializers
from api.resources import LARGEST_ID, detail_serializer, row_serializer, table_filterset
from core.page_cache import generation_state, same_for_everyone
from dossiers.filters import DocumentedCityFilter, documented_cities
from dossiers.models import Dossier
from review.changes import Changes, describe
from review.exports import referring, table_name, tables

# Bump when the answers' form changes without content changing, so that copies
# validated by an earlier ETag are fetched again.
REPRESENTATION = 1


def content_validators():
    """(ETag, Last-Modified as a timestamp or None) of every answer under the current
    content generation; None before the first migration."""
    state = generation_state()
    if state is None:
        return None
    token, changed_at = state
    modified = int(changed_at.timestamp()) if changed_at is not None else None
    return f'W/"{token:x}.{REPRESENTATION}"', modified


class PublishedContentMixin:
    """Answers validated by the content generation, and kept for everyone until it
    changes (see the module)."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        kept = csrf_exempt(same_for_everyone(view))
        # What routers and the schema generator read of a view (cls, initkwargs, actions).
        kept.__dict__.update(view.__dict__)
        return kept

    def dispatch(self, request, *args, **kwargs):
        validators = content_validators() if request.method in ("GET", "HEAD") else None
        if validators is None:
            return super().dispatch(request, *args, **kwargs)
        etag, modified = validators
        headers = {"ETag": etag}
        if modified is not None:
            headers["Last-Modified"] = http_date(modified)
        current = HttpResponse(headers=headers)
        answer = get_conditional_response(
            request, etag=etag, last_modified=modified, response=current
        )
        if answer is not current:
            return answer
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            for name, value in headers.items():
                response[name] = value
            # Any cache may keep it, and asks again (conditionally) before reusing it.
            response["Cache-Control"] = "public, no-cache"
        return response


class IdCursorPagination(CursorPagination):
    """Pages of rows in the order of their identifiers, linked by opaque cursors:
    each page costs the same however deep, and rows added meanwhile are neither
    skipped nor repeated."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # What a cursor's position may be: anything else is no cursor this API made.
    position_pattern = re.compile(r"[0-9]{1,18}")
    invalid_cursor_message = _("Curseur non valide.")
    invalid_page_size_message = _("Un nombre de lignes par page de 1 à %(max)d.")

    def get_page_size(self, request):
        """The page size asked (?page_size=1 to max_page_size), else page_size; any
        other value is refused (400), never silently replaced."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]{1,4}", value) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        self.invalid_page_size_message % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor is not None else None
        if position is not None and not self.position_pattern.fullmatch(position):
            raise NotFound(self.invalid_cursor_message)
        return cursor


class CommuneCursorPagination(IdCursorPagination):
    ordering = "insee_code"
    position_pattern = re.compile(r"[0-9][0-9AB][0-9]{3}")


class PublishedViewSet(PublishedContentMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of published records: a detail is named by an identifier of
    `lookup_pattern`, anything else is not found (never looked up)."""

    lookup_pattern = re.compile(r"[1-9][0-9]{0,17}")
    # Any path segment reaches the view, which answers what it does not know with a
    # JSON 404 (the router's default leaves « 0.5 » to the site's HTML 404).
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]

    def get_object(self):
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not self.lookup_pattern.fullmatch(lookup) or (
            lookup.isdigit() and int(lookup) > LARGEST_ID
        ):
            raise NotFound
        return super().get_object()


def table_viewset(table, all_tables, serializers_of):
    """The viewset of an open-data table: its rows (with its type's filters and one per
    foreign key), and each row with the rows that refer to it."""
    embedded = referring(table, all_tables)
    list_serializer = serializers_of[table.name]
    detail = detail_serializer(table, all_tables, serializers_of)
    title = capfirst(table.title)

    class TableViewSet(PublishedViewSet):
        serializer_class = list_serializer
        filterset_class = table_filterset(table)
        pagination_class = IdCursorPagination

        def get_queryset(self):
            return table.rows()

        def get_serializer_class(self):
            return detail if self.action == "retrieve" else list_serializer

        def get_object(self):
            record = super().get_object()
            for key, other, column in embedded:
                # In the table's own order: a dossier's citations by their number.
                rows = other.rows().filter(**{column.name: record.pk})
                setattr(record, f"api_{key}", list(rows))
            return record

    TableViewSet.__name__ = f"{list_serializer.__name__.removesuffix('Serializer')}ViewSet"
    return extend_schema_view(
        list=extend_schema(summary=title, tags=[table.name]),
        retrieve=extend_schema(summary=title, tags=[table.name]),
    )(TableViewSet)


def table_viewsets():
    """(table name, viewset) of every open-data table whose rows have an `id`."""
    all_tables = tables()
    serializers_of = {table.name: row_serializer(table) for table in all_tables}
    return [
        (table.name, table_viewset(table, all_tables, serializers_of))
        for table in all_tables
        if table.primary_key == ("id",)
    ]


@extend_schema_view(
    list=extend_schema(summary=_("Communes"), tags=["communes"]),
    retrieve=extend_schema(summary=_("Commune"), tags=["communes"]),
)
class CommuneViewSet(PublishedViewSet):
    """Communes named by their INSEE code, with their published dossiers."""

    serializer_class = serializers.CommuneSerializer
    filterset_class = DocumentedCityFilter
    pagination_class = CommuneCursorPagination
    lookup_field = "insee_code"
    lookup_pattern = re.compile(r"[0-9][0-9AB][0-9]{3}")

    def get_queryset(self):
        published = Dossier.objects.public().only("id", "slug", "title", "city_id")
        return documented_cities().prefetch_related(
            Prefetch("dossiers", queryset=published.order_by("pk"), to_attr="published_dossiers")
        )


class ChangesPagination(BasePagination):
    """Numbered pages of changes, newest first, never counted: `next` is given while
    there are more. Deeper than MAX_PAGE, the date filters (`until`) go further."""

    page_size = 50
    max_page = 100
    invalid_page_message = _(
        "Page non valide : un nombre de 1 à %(max)d (plus loin, filtrez par date avec « until »)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        value = request.query_params.get("page", "1")
        if not re.fullmatch(r"[0-9]{1,3}", value) or not 1 <= int(value) <= self.max_page:
            raise NotFound(self.invalid_page_message % {"max": self.max_page})
        self.request, self.page = request, int(value)
        start = (self.page - 1) * self.page_size
        rows = list(queryset[start : start + self.page_size + 1])
        self.has_next = len(rows) > self.page_size and self.page < self.max_page
        return rows[: self.page_size]

    def page_link(self, number):
        url = self.request.build_absolute_uri()
        return (
            replace_query_param(url, "page", number)
            if number > 1
            else remove_query_param(url, "page")
        )

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.page_link(self.page + 1) if self.has_next else None,
                "previous": self.page_link(self.page - 1) if self.page > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": str(_("Numéro de la page (50 modifications par page).")),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page},
            }
        ]


@extend_schema_view(list=extend_schema(summary=_("Modifications récentes"), tags=["changes"]))
class ChangeViewSet(PublishedContentMixin, viewsets.GenericViewSet):
    """Published revisions of every record type, newest first: the site's recent
    changes, with their filters."""

    serializer_class = serializers.ChangeSerializer
    filterset_class = ChangeFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = ChangesPagination

    def get_queryset(self):
        return Changes()

    def list(self, request):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        changes = describe(rows, sizes=True, authors=True)
        for change in changes:
            change.table = table_name(change.kind.model)
        return self.get_paginated_response(self.get_serializer(changes, many=True).data)


def not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404, like the API's own."""
    return JsonResponse({"detail": _("Introuvable.")}, status=404)
