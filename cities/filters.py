import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City, Department, Region
from core.widgets import ContentSelect


def region_filter(field_name):
    return django_filters.ModelChoiceFilter(
        widget=ContentSelect,
        field_name=field_name,
        queryset=Region.objects.all(),
        label=_("Région"),
        empty_label=_("Toutes les régions"),
    )


def department_filter(field_name):
    return django_filters.ModelChoiceFilter(
        widget=ContentSelect,
        field_name=field_name,
        queryset=Department.objects.all(),
        label=_("Département"),
        empty_label=_("Tous les départements"),
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

    class Meta:
        model = City
        fields = ["q", "region", "department"]

    def search(self, queryset, name, value):
        return queryset.search(value)
