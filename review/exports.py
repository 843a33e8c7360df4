"""The open-data tables: what each reviewed type's published records make as rows
of a table, described well enough for a Frictionless table schema (opendata/).

Every registered type gets a table with no code of its own: an `id`, then each
field a proposal may change, under its own name in English snake_case. A foreign
key to another reviewed type is `<field>_id` and refers to that type's table; one to
any other model is `<field>_<key>`, where `key` is the model's `export_key` (a
commune's INSEE code, a technology's slug) or its primary key. Choices become an
enumeration of their stored values; a field whose validator declares the pattern
of its stored values (`stored_pattern`: a partial date, « 2019 », « 2019-03 ») is a
string with that pattern, never widened to a day. Then each table says which
revision of the record it shows and where the record is read.

A type adds columns with `ReviewedType.extra_export_columns()`, leaves fields out
with `unexported_fields`, and reads its rows through `export_queryset()` (its public
records only). Tables that are no reviewed type (which record cites which source)
are declared by their app with `register_table()`.
"""

from dataclasses import dataclass
from operator import attrgetter

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_extra_tables = []


@dataclass(frozen=True)
class Column:
    """One column: its name, its Frictionless type, and how a row's value is read
    (a Python value; None for no value)."""

    name: str
    type: str
    read: object
    description: str = ""
    required: bool = False
    enum: tuple = ()
    pattern: str = ""
    # (table, column) this column refers to, as a foreign key.
    references: tuple = ()
    # The relation `read` follows, joined in the table's query (select_related).
    related: str = ""


@dataclass
class Table:
    """A table of published content: its columns, and a function returning the
    queryset of its rows (read in chunks, never whole)."""

    name: str
    title: str
    columns: list
    rows: object
    description: str = ""
    primary_key: tuple = ("id",)
    # The FilterSet of the type's list page, whose filters an extract accepts.
    filterset_class: object = None

    def __post_init__(self):
        names = [column.name for column in self.columns]
        if len(names) != len(set(names)):
            raise ValueError(f"the {self.name} table names a column twice: {names}")

    @property
    def foreign_keys(self):
        """(column, table, column it refers to) of each foreign key."""
        return [(column.name, *column.references) for column in self.columns if column.references]


def register_table(make_table):
    """Add a table that is no reviewed type: `make_table()` returns its Table."""
    _extra_tables.append(make_table)


def table_name(model):
    """« funding_lines » for FundingLine: the model's name in snake_case, plural."""
    return f"{_snake(model.__name__)}s"


def _snake(name):
    return "".join(f"_{letter.lower()}" if letter.isupper() else letter for letter in name).lstrip(
        "_"
    )


def _type_of(model_field):
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    if isinstance(model_field, (models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(model_field, (models.IntegerField, models.AutoField)):
        return "integer"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    return "string"


def _stored_pattern(model_field):
    """The pattern a validator of the field says its stored values follow (a partial
    date's `stored_pattern`), or ""."""
    return next(
        (
            validator.stored_pattern
            for validator in model_field.validators
            if hasattr(validator, "stored_pattern")
        ),
        "",
    )


def field_columns(kind, name, tables_of):
    """The column(s) of field `name` of `kind`'s model. `tables_of` maps the models
    of reviewed types to their table names."""
    model_field = kind.model._meta.get_field(name)
    description = str(model_field.verbose_name)
    if model_field.many_to_one:
        target = model_field.related_model
        if target in tables_of:
            return [
                Column(
                    f"{name}_id",
                    "integer",
                    attrgetter(model_field.attname),
                    description,
                    required=not model_field.null,
                    references=(tables_of[target], "id"),
                )
            ]
        key = getattr(target, "export_key", target._meta.pk.name)
        key_type = _type_of(target._meta.get_field(key))
        read = attrgetter(model_field.attname if key == target._meta.pk.name else f"{name}.{key}")
        return [
            Column(
                f"{name}_{key}",
                key_type,
                lambda record, read=read, name=name: (
                    read(record) if getattr(record, f"{name}_id") is not None else None
                ),
                description,
                required=not model_field.null,
                related="" if key == target._meta.pk.name else name,
            )
        ]
    required = not (model_field.blank or model_field.null) and _type_of(model_field) != "boolean"
    return [
        Column(
            name,
            _type_of(model_field),
            lambda record, name=name: _value_or_none(getattr(record, name)),
            description,
            required=required,
            enum=tuple(str(value) for value, _label in model_field.flatchoices)
            if model_field.choices
            else (),
            pattern=_stored_pattern(model_field),
        )
    ]


def _value_or_none(value):
    """An empty text is no value: « » and a missing value are one thing in a table."""
    return None if value == "" else value


def site_address(path):
    """The absolute address of a path of the site (settings.SITE_URL, without a
    trailing slash)."""
    return settings.SITE_URL + path


def absolute_url(record):
    return site_address(record.get_absolute_url())


def type_table(kind, tables_of):
    """The table of a reviewed type's published records."""
    columns = [Column("id", "integer", attrgetter("pk"), _("identifiant"), required=True)]
    for name, _label in kind.fields:
        if name not in kind.unexported_fields:
            columns += field_columns(kind, name, tables_of)
    columns += kind.extra_export_columns()
    columns += [
        Column(
            "revision",
            "integer",
            attrgetter("version"),
            _("numéro de la révision publiée que la ligne montre"),
            required=True,
        ),
        Column(
            "page_url",
            "string",
            absolute_url,
            _("page du site où le lire"),
            required=True,
            related=kind.url_related or "",
        ),
    ]
    joined = sorted({column.related for column in columns if column.related})
    return Table(
        name=tables_of[kind.model],
        title=kind.model._meta.verbose_name_plural,
        columns=columns,
        rows=lambda: kind.export_queryset().select_related(*joined),
        filterset_class=kind.export_filterset_class,
    )


def referring(table, all_tables):
    """(key, table, column) for each foreign key of another table that refers to the
    rows of `table`: the rows a record's detail embeds under `key`, the referring
    table's name (`<name>_as_<role>` when it refers through several columns)."""
    found = []
    for other in all_tables:
        columns = [column for column in other.columns if column.references == (table.name, "id")]
        for column in columns:
            role = column.name.removesuffix("_id")
            key = other.name if len(columns) == 1 else f"{other.name}_as_{role}"
            found.append((key, other, column))
    return found


def tables():
    """Every table: one per reviewed type (in registration order), then those that
    apps declared with register_table()."""
    from review.registry import registered_types

    kinds = registered_types()
    tables_of = {kind.model: table_name(kind.model) for kind in kinds}
    return [type_table(kind, tables_of) for kind in kinds] + [
        make_table() for make_table in _extra_tables
    ]
