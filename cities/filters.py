import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cities.models import City, Department, Region
from core.widgets import PlainSelect
from dossiers.models import Dossier, Technology, TechnologyUse

YES_NO = [("oui", _("Oui")), ("non", _("Non"))]


def region_filter(field_name):
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        field_name=field_name,
        queryset=Region.objects.all(),
        label=_("Région"),
        empty_label=_("Toutes les régions"),
    )


def department_filter(field_name):
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        field_name=field_name,
        queryset=Department.objects.all(),
        label=_("Département"),
        empty_label=_("Tous les départements"),
    )


def technology_filter(method, label=None):
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        queryset=Technology.objects.all(),
        to_field_name="slug",
        method=method,
        label=label or _("Technologie"),
        empty_label=_("Toutes les technologies"),
    )


class CityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Nom, code postal ou code INSEE"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ex. Valenciennes")}),
    )
    region = region_filter("department__region")
    department = department_filter("department")
    has_dossier = django_filters.ChoiceFilter(
        widget=PlainSelect,
        method="filter_has_dossier",
        label=_("Dossier publié"),
        choices=YES_NO,
        empty_label=_("Indifférent"),
    )

    technology = technology_filter("filter_technology", label=_("Dossier avec la technologie"))

    class Meta:
        model = City
        fields = ["q", "region", "department", "has_dossier", "technology"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_has_dossier(self, queryset, name, value):
        return queryset.filter(has_dossier=value == "oui")

    def filter_technology(self, queryset, name, value):
        uses = TechnologyUse.objects.current().filter(
            dossier__city=OuterRef("pk"),
            dossier__status=Dossier.Status.PUBLISHED,
            technology=value,
        )
        return queryset.filter(Exists(uses))
