import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.filters import CityFilter, department_filter, region_filter
from cities.models import City
from cities.text import fold
from core.filters import YES, yes_no_filter
from core.widgets import ContentSelect, PlainSelect
from dossiers.models import (
    Actor,
    ActorRole,
    DocumentRequest,
    Dossier,
    Event,
    FundingLine,
    Technology,
    TechnologyUse,
)


def technology_filter(method, label=None):
    return django_filters.ModelChoiceFilter(
        widget=ContentSelect,
        queryset=Technology.objects.all(),
        to_field_name="slug",
        method=method,
        label=label or _("Technologie"),
        empty_label=_("Toutes les technologies"),
    )


def documented_cities():
    """Communes with their place, each marked `has_dossier` when a published dossier
    documents it: what DocumentedCityFilter filters."""
    documented = Dossier.objects.public().filter(city=OuterRef("pk"))
    return City.objects.with_location().annotate(has_dossier=Exists(documented))


class DocumentedCityFilter(CityFilter):
    """Communes, filtered also by what their published dossiers document."""

    has_dossier = yes_no_filter("filter_has_dossier", _("Dossier publié"))

    technology = technology_filter("filter_technology", label=_("Dossier avec la technologie"))

    class Meta(CityFilter.Meta):
        fields = [*CityFilter.Meta.fields, "has_dossier", "technology"]

    def filter_has_dossier(self, queryset, name, value: str):
        return queryset.filter(has_dossier=value == YES)

    def filter_technology(self, queryset, name, value: Technology):
        uses = TechnologyUse.objects.public().filter(dossier__city=OuterRef("pk"), technology=value)
        return queryset.filter(Exists(uses))


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Titre ou commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = region_filter("city__department__region")
    department = department_filter("city__department")
    commune = django_filters.CharFilter(
        method="filter_commune",
        label=_("Commune (code INSEE)"),
        max_length=5,
        widget=forms.TextInput(attrs={"placeholder": "59606", "inputmode": "text"}),
        help_text=_("Ses arrondissements municipaux compris."),
    )
    technology = technology_filter("filter_technology")
    status = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=TechnologyUse.Status.choices,
        method="filter_status",
        label=_("État de la technologie"),
        empty_label=pgettext_lazy("technology status", "Tous les états"),
        help_text=_("Avec une technologie choisie, l’état de celle-ci ; sinon, de l’une d’elles."),
    )
    actor = django_filters.ModelChoiceFilter(
        widget=ContentSelect,
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method="filter_actor",
        label=_("Acteur"),
        empty_label=_("Tous les acteurs"),
    )
    instrument = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=FundingLine.Instrument.choices,
        method="filter_instrument",
        label=_("Financement"),
        empty_label=_("Tous les financements"),
    )
    stage = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=Dossier.Stage.choices,
        label=_("État du projet"),
        empty_label=_("Tous les états"),
    )
    year = django_filters.NumberFilter(
        method="filter_year",
        label=_("Année"),
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 1900, "max": 2100, "placeholder": "2021"}),
        help_text=_("Un événement de la chronologie cette année-là."),
    )

    class Meta:
        model = Dossier
        fields = [
            "q",
            "region",
            "department",
            "commune",
            "technology",
            "status",
            "actor",
            "instrument",
            "stage",
            "year",
        ]

    def search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(search_title__contains=folded) | Q(city__search_name__contains=folded)
        )

    def filter_commune(self, queryset, name, value: str):
        code = value.strip().upper()
        return queryset.filter(Q(city__insee_code=code) | Q(city__parent__insee_code=code))

    def filter_technology(self, queryset, name, value: Technology):
        uses = TechnologyUse.objects.current().filter(dossier=OuterRef("pk"), technology=value)
        if status := self.form.cleaned_data.get("status"):
            uses = uses.filter(status=status)
        return queryset.filter(Exists(uses))

    def filter_status(self, queryset, name, value: str):
        if self.form.cleaned_data.get("technology"):
            return queryset  # one use must have both: filter_technology asks for it
        uses = TechnologyUse.objects.current().filter(dossier=OuterRef("pk"), status=value)
        return queryset.filter(Exists(uses))

    def filter_actor(self, queryset, name, value: Actor):
        roles = ActorRole.objects.current().filter(dossier=OuterRef("pk"), actor=value)
        payments = FundingLine.objects.current().filter(
            Q(payer=value) | Q(recipient=value), dossier=OuterRef("pk")
        )
        return queryset.filter(Exists(roles) | Exists(payments))

    def filter_instrument(self, queryset, name, value: str):
        lines = FundingLine.objects.current().filter(dossier=OuterRef("pk"), instrument=value)
        return queryset.filter(Exists(lines))

    def filter_year(self, queryset, name, value):
        events = Event.objects.current().filter(
            dossier=OuterRef("pk"), date__startswith=f"{int(value):04d}"
        )
        return queryset.filter(Exists(events))


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Nom"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Actor.Kind.choices, label=_("Nature"), empty_label=_("Toutes")
    )

    class Meta:
        model = Actor
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(search_name__contains=folded) if folded else queryset


# The requests whose administration has not answered for a month: a refusal born of
# silence, which `state` alone does not say.
SILENT = "silent"


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=[
            *DocumentRequest.State.choices[:1],
            (SILENT, _("sans réponse depuis un mois : refus implicite")),
            *DocumentRequest.State.choices[1:],
        ],
        method="filter_state",
        label=_("État"),
        empty_label=pgettext_lazy("request state", "Tous les états"),
    )
    department = department_filter("administration__city__department")
    administration = django_filters.ModelChoiceFilter(
        widget=ContentSelect,
        queryset=Actor.objects.filter(
            Exists(DocumentRequest.objects.filter(administration=OuterRef("pk")))
        ),
        to_field_name="slug",
        label=_("Administration"),
        empty_label=_("Toutes les administrations"),
    )
    overdue = yes_no_filter("filter_overdue", _("Échéance dépassée"))

    class Meta:
        model = DocumentRequest
        fields = ["state", "department", "administration", "overdue"]

    @property
    def qs(self):
        # Overdue first, the longest overdue at the top, then by the next date due.
        return super().qs.order_by(F("due_on").asc(nulls_last=True), "-sent_on", "-id")

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == SILENT:
            return queryset.filter(state=DocumentRequest.State.SENT, due_on__lte=today)
        if value == DocumentRequest.State.SENT:
            # Still waiting: not yet silent, or dated to the month only (no legal date).
            return queryset.filter(state=value).exclude(due_on__lte=today)
        return queryset.filter(state=value)

    def filter_overdue(self, queryset, name, value):
        # A request with no legal date pending (due_on empty) is never overdue.
        overdue = Q(due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value == YES else queryset.exclude(overdue)
