"""The filters of recent changes, of their feeds and of the moderators' patrol.

One set of fields, two kinds of list: published revisions (a `review.changes.Changes`
over every reviewed type, filtered per type by `activity.scopes`) and proposals
(ChangeRequest). A bad value is answered with a message on its field, never a 500.
"""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activity import scopes
from cities.filters import department_filter
from core.widgets import PlainSelect
from dossiers.filters import technology_filter
from dossiers.forms.fields import CityField
from dossiers.models import Actor, Dossier
from review.changes import Changes
from review.models import ChangeRequest
from review.registry import kind_choices, registered_types, type_named
from sources.models import Source

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContributorField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        user = get_user_model().objects.filter(username__iexact=value).first()
        if user is None:
            raise ValidationError(_("Aucun contributeur ne porte ce pseudonyme."), code="unknown")
        return user


class SlugRecordField(forms.CharField):
    """A public record named by its URL identifier."""

    def __init__(self, *args, queryset, field, message, **kwargs):
        self.queryset, self.field, self.message = queryset, field, message
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        record = self.queryset.filter(**{self.field: value}).first()
        if record is None:
            raise ValidationError(self.message, code="unknown")
        return record


class CommuneFilter(django_filters.Filter):
    field_class = CityField


class ContributorFilter(django_filters.Filter):
    field_class = ContributorField


class RecordFilter(django_filters.Filter):
    field_class = SlugRecordField


def record_filter(queryset, field, label, message):
    return RecordFilter(
        queryset=queryset,
        field=field,
        message=message,
        label=label,
        max_length=140,
        widget=forms.HiddenInput,
    )


class DateRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Cette date précède la date de début."))
        return data


class ChangeFilter(django_filters.FilterSet):
    """Filters of published changes; the list they filter is a `Changes`."""

    kind = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=kind_choices,
        label=_("Type de fiche"),
        empty_label=_("Tous les types"),
    )
    department = department_filter("department")
    commune = CommuneFilter(label=_("Commune (nom ou code INSEE)"))
    technology = technology_filter(None)
    author = ContributorFilter(label=_("Auteur (pseudonyme)"), max_length=150)
    since = django_filters.DateFilter(label=_("Depuis le"), widget=DATE_WIDGET)
    until = django_filters.DateFilter(label=_("Jusqu’au (inclus)"), widget=DATE_WIDGET)
    creations = django_filters.BooleanFilter(
        label=_("Créations seulement"), widget=forms.CheckboxInput
    )
    # Set by the links of a dossier's or an actor's page (and their feeds), not shown.
    dossier = record_filter(
        Dossier.objects.public(), "slug", _("Dossier"), _("Ce dossier n’existe pas.")
    )
    actor = record_filter(Actor.objects.all(), "slug", _("Acteur"), _("Cet acteur n’existe pas."))
    source = record_filter(
        Source.objects.all(), "key", _("Source"), _("Cette source n’existe pas.")
    )

    class Meta:
        form = DateRangeForm

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", Changes())
        super().__init__(data, *args, **kwargs)

    def belongings(self):
        """What the records must belong to (scopes.Belonging), from the valid form."""
        data = self.form.cleaned_data
        scoped = [
            ("department", scopes.in_department),
            ("commune", scopes.in_city),
            ("technology", scopes.about_technology),
            ("dossier", scopes.about_dossier),
            ("actor", scopes.about_actor),
            ("source", scopes.about_source),
        ]
        return [belonging(data[name]) for name, belonging in scoped if data.get(name)]

    def conditions(self):
        """Conditions for `Changes.where()`, from the valid form."""
        data = self.form.cleaned_data
        conditions = self.belongings()
        if data.get("kind"):
            conditions.append(scopes.of_kinds([data["kind"]]))
        if data.get("author"):
            user = data["author"]
            conditions.append(lambda kind: Q(history_user=user))
        if data.get("since"):
            start = day_start(data["since"])
            conditions.append(lambda kind: Q(history_date__gte=start))
        if data.get("until"):
            end = day_start(data["until"] + timedelta(days=1))
            conditions.append(lambda kind: Q(history_date__lt=end))
        return conditions

    def filter_queryset(self, changes):
        for condition in self.conditions():
            changes = changes.where(condition)
        if self.form.cleaned_data.get("creations"):
            changes = changes.creations()
        return changes

    def description(self):
        """What the filters select, in words, for titles: « Valenciennes », « Nord »."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        parts = []
        for name in ("dossier", "actor", "source", "commune", "department", "technology"):
            if data.get(name):
                value = data[name]
                parts.append(value.name if name == "department" else str(value))
        if data.get("kind"):
            parts.append(dict(kind_choices())[data["kind"]])
        if data.get("author"):
            parts.append(data["author"].username)
        if data.get("creations"):
            parts.append(str(_("créations")))
        return ", ".join(parts)


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class ProposalFilter(ChangeFilter):
    """The same filters over proposals, for the moderators' patrol: pending ones
    (« non relues ») oldest first, or decided ones newest first."""

    PENDING, DECIDED = "pending", "decided"

    state = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=[(PENDING, _("Non relues")), (DECIDED, _("Décidées"))],
        label=_("Propositions"),
        empty_label=None,
    )

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", ChangeRequest.objects.with_people())
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, proposals):
        data = self.form.cleaned_data
        if data.get("state") == self.DECIDED:
            proposals = proposals.exclude(state=ChangeRequest.State.PENDING)
            proposals = proposals.order_by("-decided_at", "-id")
        else:
            proposals = proposals.pending().order_by("created_at", "id")
        if data.get("kind"):
            proposals = proposals.filter(content_type__in=content_types([type_named(data["kind"])]))
        if data.get("author"):
            proposals = proposals.filter(author=data["author"])
        if data.get("since"):
            proposals = proposals.filter(created_at__gte=day_start(data["since"]))
        if data.get("until"):
            end = day_start(data["until"] + timedelta(days=1))
            proposals = proposals.filter(created_at__lt=end)
        if data.get("creations"):
            proposals = proposals.filter(object_id__isnull=True)
        for belonging in self.belongings():
            proposals = proposals.filter(proposals_belonging(belonging))
        return proposals


def content_types(kinds):
    return [ContentType.objects.get_for_model(kind.model) for kind in kinds]


def proposals_belonging(belonging):
    """Proposals about what `belonging` selects: an edit through its record as it is,
    a creation through the relation it proposes (the commune of a new dossier, the
    dossier of a new row), as its form holds it."""
    matches = Q(pk__in=[])
    for kind in registered_types():
        condition = belonging(kind)
        if condition is None:
            continue
        (content_type,) = content_types([kind])
        records = kind.model.objects.filter(condition).values("pk")
        matches |= Q(content_type=content_type, object_id__in=records)
        for path in kind.paths_to(belonging.name):
            proposed = proposed_values(kind, path, belonging)
            if proposed is not None:
                matches |= Q(
                    content_type=content_type,
                    object_id__isnull=True,
                    **{f"proposed__{path.partition('__')[0]}__in": proposed},
                )
    return matches


def proposed_values(kind, path, belonging):
    """The form values of the relation at the start of `path` that lead to what
    `belonging` selects, or None when a creation cannot propose it."""
    first = path.partition("__")[0]
    field = kind.form_class.base_fields.get(first)
    if path == "id" or field is None:
        return None
    related = kind.model._meta.get_field(first).related_model
    # The lookup from the related model: "city__department" -> "department",
    # "dossier__in" -> "pk__in", "city" -> "pk".
    lookup = f"{path}{belonging.suffix}".partition("__")[2]
    if lookup.split("__")[0] in ("", "in", "exact"):
        lookup = "__".join(part for part in ("pk", lookup) if part)
    to_field = getattr(field, "to_field_name", None) or "pk"
    values = related.objects.filter(**{lookup: belonging.value}).values_list(to_field, flat=True)
    return [str(value) for value in values]
