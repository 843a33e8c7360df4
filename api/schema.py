"""How the API describes itself (drf-spectacular): a table's columns as the open-data
schema types them, and the errors every operation may answer with."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

# A column's Frictionless type as an OpenAPI schema.
TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "string": {"type": "string"},
}


class ColumnFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.resources.ColumnField"

    def map_serializer_field(self, auto_schema, direction):
        column = self.target.column
        schema = {**TYPES[column.type], "readOnly": True}
        if column.description:
            schema["description"] = str(column.description)
        if column.pattern:
            schema["pattern"] = column.pattern
        if column.enum:
            schema["enum"] = [*column.enum, *([] if column.required else [None])]
        if not column.required:
            schema["nullable"] = True
        return schema


def actor_kinds():
    """The values of an actor's nature, named ActorKindEnum (ENUM_NAME_OVERRIDES)."""
    from dossiers.models import Actor

    return list(Actor.Kind.values)


def source_kinds():
    from sources.models import Source

    return list(Source.Kind.values)


def error_schema(description, with_fields=False):
    detail = {"type": "object", "properties": {"detail": {"type": "string"}}}
    if with_fields:
        # A filter's bad value: {"filter": ["why"]}; or {"detail": "why"}.
        detail["additionalProperties"] = {
            "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
        }
    return {"description": description, "content": {"application/json": {"schema": detail}}}


# Query parameters that are no filter: an empty one is no value.
PAGING = {"cursor", "page_size", "page"}


def complete_operations(result, generator, request, public):
    """Every operation may answer a bad parameter (400), what is not there (404), an
    Accept header asking for anything but JSON (406), an address too long to be a
    request (414, config.security), too many requests (429), and
    a conditional request's copy still current (304). A filter left empty
    (« ?region= », as a form sends it) filters nothing."""
    errors = {
        "400": error_schema(_("Paramètre non valide."), with_fields=True),
        "404": error_schema(_("Introuvable (ou curseur, ou page, non valide).")),
        "406": error_schema(_("Réponse possible en JSON seulement.")),
        "414": error_schema(_("Adresse trop longue.")),
        "429": error_schema(_("Trop de requêtes : réessayez plus tard.")),
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in errors.items():
                responses.setdefault(status, response)
            responses["304"] = {"description": _("Votre copie est à jour.")}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] not in PAGING:
                    parameter["allowEmptyValue"] = True
    return result
