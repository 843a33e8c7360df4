import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.filters import department_filter, region_filter
from cities.text import fold
from dossiers.models import Dossier


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Titre ou commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = region_filter("city__department__region")
    department = department_filter("city__department")

    class Meta:
        model = Dossier
        fields = ["q", "region", "department"]

    def search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(search_title__contains=folded) | Q(city__search_name__contains=folded)
        )
