"""What the API answers with: serializers and filters made from the open-data tables
(review.exports), so every table gets its resource without code of its own, with
the same columns, names and types as the files of /donnees/.

A table's row is its columns. A record's detail adds, under each table's name, the
rows of every table whose foreign key refers to it: a dossier comes with its
sheet (its technologies, actors' roles, funding lines, figures, events) and its
citations; an actor with its roles and the funding lines it pays or receives.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from review.exports import referring

# Identifiers are 64-bit integers: a larger one names nothing (and would overflow).
LARGEST_ID = 2**63 - 1


class ColumnField(serializers.Field):
    """A column of an open-data table, read from the record as the files read it
    (api.schema describes it from the column)."""

    def __init__(self, column, **kwargs):
        self.column = column
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        value = self.column.read(record)
        if isinstance(value, Decimal):
            # At most 14 digits (amounts, figures): a JSON number says them exactly.
            return float(value)
        return value


def component_name(table):
    """« FundingLine » for the funding_lines table: a row, named in the schema."""
    return "".join(part.title() for part in table.name.removesuffix("s").split("_"))


def row_serializer(table):
    """The serializer of one row of `table`: its columns, in order."""
    fields = {column.name: ColumnField(column) for column in table.columns}
    return type(f"{component_name(table)}Serializer", (serializers.Serializer,), fields)


def detail_serializer(table, all_tables, serializers_of):
    """A record of `table` with the rows that refer to it (see the module)."""
    fields = {column.name: ColumnField(column) for column in table.columns}
    for key, other, _column in referring(table, all_tables):
        fields[key] = serializers_of[other.name](many=True, read_only=True, source=f"api_{key}")
    return type(f"{component_name(table)}DetailSerializer", (serializers.Serializer,), fields)


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=LARGEST_ID, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": LARGEST_ID})
class IdFilter(django_filters.NumberFilter):
    """A record named by its identifier: a whole number, never one that overflows."""

    field_class = IdField


def table_filterset(table):
    """The filters of a table's list: those of its type's list page (the same
    parameters, « Télécharger ces résultats »), and one per foreign key naming the
    record referred to (`?dossier=12` for the rows of dossier 12)."""
    base = table.filterset_class or django_filters.FilterSet
    model = table.rows().model
    filters = {
        column.name.removesuffix("_id"): IdFilter(
            field_name=column.name,
            label=format_lazy(
                _("Identifiant d’un enregistrement de la table « {table} »"),
                table=column.references[0],
            ),
        )
        for column in table.columns
        if column.references
    }
    meta = type("Meta", (getattr(base, "Meta", object),), {"model": model})
    if table.filterset_class is None:
        meta.fields = []
    return type(f"{component_name(table)}Filter", (base,), {**filters, "Meta": meta})
