import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.text import fold
from core.filters import YES, yes_no_filter
from core.widgets import PlainSelect
from sources.models import Source


class SourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Texte"),
        max_length=100,
        help_text=_("Cherche dans le titre, l’éditeur, les auteurs et le texte des documents."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=Source.Kind.choices,
        label=_("Type"),
        empty_label=_("Tous les types"),
    )
    publisher = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Éditeur"), max_length=100
    )
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Année"), min_value=1800, max_value=2200
    )
    language = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=Source.Language.choices,
        label=_("Langue"),
        empty_label=_("Toutes les langues"),
    )
    has_document = yes_no_filter("filter_has_document", _("Document conservé"))

    class Meta:
        model = Source
        fields = ["q", "kind", "publisher", "year", "language", "has_document"]

    def search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(search_text__contains=folded) | Q(document__search_text__contains=folded)
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(published__startswith=f"{int(value):04d}")

    def filter_has_document(self, queryset, name, value: str):
        return queryset.filter(document__isnull=value != YES)
