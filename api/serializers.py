"""The API's resources that are no open-data table: communes with their dossiers,
and recent changes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.models import City
from review.exports import absolute_url, site_address


class DossierLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("identifiant"))
    title = serializers.CharField(help_text=_("titre"))
    page_url = serializers.SerializerMethodField(help_text=_("page du site où le lire"))
    api_url = serializers.SerializerMethodField(help_text=_("le dossier et sa fiche, dans l’API"))

    def get_page_url(self, dossier) -> str:
        return absolute_url(dossier)

    def get_api_url(self, dossier) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:dossiers-detail", args=[dossier.pk])
        )


class CommuneSerializer(serializers.Serializer):
    insee_code = serializers.CharField(help_text=_("code INSEE"))
    name = serializers.CharField(help_text=_("nom"))
    kind = serializers.ChoiceField(choices=City.Kind.choices, help_text=_("type"))
    department_code = serializers.CharField(
        source="department.code", help_text=_("code INSEE du département")
    )
    region_code = serializers.CharField(
        source="department.region.code", help_text=_("code INSEE de la région")
    )
    population = serializers.IntegerField(allow_null=True, help_text=_("population municipale"))
    postal_codes = serializers.ListField(
        child=serializers.CharField(), source="postal_code_list", help_text=_("codes postaux")
    )
    page_url = serializers.SerializerMethodField(help_text=_("page du site où le lire"))
    dossiers = DossierLinkSerializer(
        many=True, source="published_dossiers", help_text=_("ses dossiers publiés")
    )

    def get_page_url(self, city) -> str:
        return absolute_url(city)


@extend_schema_field({"type": "string", "format": "uri"})
class RecordPageField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="record", read_only=True, **kwargs)

    def to_representation(self, record):
        return absolute_url(record)


class ChangeSerializer(serializers.Serializer):
    table = serializers.CharField(help_text=_("table de l’enregistrement modifié"))
    record_id = serializers.IntegerField(
        source="record.pk", help_text=_("identifiant de l’enregistrement dans sa table")
    )
    revision = serializers.IntegerField(source="version", help_text=_("numéro de la révision"))
    date = serializers.DateTimeField(source="history_date", help_text=_("date de publication"))
    author = serializers.CharField(
        source="author.username", allow_null=True, default=None, help_text=_("pseudonyme")
    )
    summary = serializers.SerializerMethodField(
        help_text=_("résumé de la modification (vide si la modération l’a masquée)")
    )
    hidden = serializers.BooleanField(
        source="is_hidden", help_text=_("révision masquée par la modération")
    )
    hidden_reason = serializers.SerializerMethodField(help_text=_("motif du masquage"))
    creation = serializers.BooleanField(
        source="is_creation", help_text=_("première révision de l’enregistrement")
    )
    size_change = serializers.IntegerField(help_text=_("variation de taille, en caractères"))
    page_url = RecordPageField(help_text=_("page de l’enregistrement"))
    revision_url = serializers.SerializerMethodField(help_text=_("page de la révision"))

    def get_summary(self, change) -> str | None:
        return None if change.is_hidden else change.summary

    def get_hidden_reason(self, change) -> str | None:
        return change.hidden_reason if change.is_hidden else None

    def get_revision_url(self, change) -> str:
        return site_address(change.url)
