"""The record types that go through review, and what the workflow needs of each.

A reviewed model has a `version` that its `save_revision(user=, reason=)` increments,
and a form (a ReviewedModelForm) that validates proposals exactly as direct edits.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

_types = {}


@dataclass(frozen=True)
class ReviewedType:
    model: type
    form_class: type
    related: tuple = ()  # select_related() paths that display_values() reads
    preview_template: str = ""  # shows a record (live or proposed) as the public will see it

    def get(self, pk):
        return self.model.objects.select_related(*self.related).get(pk=pk)

    @property
    def fields(self):
        """(name, label) of the fields a proposal may change, in form order."""
        return [
            (name, self.model._meta.get_field(name).verbose_name)
            for name in self.form_class._meta.fields
        ]

    def display_values(self, record):
        """The proposable fields of a record (live or historical) as display text."""
        values = {}
        for name, _label in self.fields:
            field = self.model._meta.get_field(name)
            value = getattr(record, name)
            if field.choices and value not in (None, ""):
                value = dict(field.flatchoices).get(value, value)
            elif isinstance(value, bool):
                value = _("oui") if value else _("non")
            elif isinstance(value, Decimal):
                value = floatformat(value, "-2g")
            values[name] = "" if value is None else str(value)
        return values


def register(model, form_class, *, related=(), preview_template):
    _types[model] = ReviewedType(model, form_class, tuple(related), preview_template)


def reviewed_type(model):
    if isinstance(model, models.Model):
        model = type(model)
    return _types[model]
