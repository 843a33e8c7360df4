from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data: every table of published content as CSV and JSON, described
    by a Frictionless Data Package."""

    name = "opendata"
    verbose_name = _("Données ouvertes")
