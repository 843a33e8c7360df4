"""Conditions on every reviewed type's history, by what its records belong to.

Each registered type declares in `belongs_to` the paths from its records to the
commune, the dossier, the actor or the source they belong to (review.registry);
these functions turn a place or a record into a condition for `Changes.where()`.
A type with no path to what is asked is left out: a source belongs to no commune.
"""

from django.db import models
from django.db.models import Q

from dossiers.models import Dossier


class Belonging:
    """Condition (a callable of the type): the record belongs under `name` to
    `value` (an object or an id; a queryset of ids with `suffix` "__in"), through
    any of its paths."""

    def __init__(self, name, value, suffix=""):
        if isinstance(value, models.Model):
            value = value.pk  # "id" on a historical row is a plain integer, not a relation
        self.name, self.value, self.suffix = name, value, suffix

    def __call__(self, kind):
        paths = kind.paths_to(self.name)
        if not paths:
            return None
        matches = Q()
        for path in paths:
            matches |= Q(**{f"{path}{self.suffix}": self.value})
        return matches


def in_city(city):
    return Belonging("city", city)


def in_department(department):
    return Belonging("city", department, "__department")


def about_dossier(dossier):
    return Belonging("dossier", dossier)


def about_actor(actor):
    return Belonging("actor", actor)


def about_source(source):
    return Belonging("source", source)


def about_technology(technology):
    """Records of the published dossiers that use `technology` (their rows included)."""
    return Belonging("dossier", Dossier.objects.using_technology(technology).values("pk"), "__in")


def of_kinds(model_names):
    """Only the types whose model is named in `model_names`."""
    names = set(model_names)
    return lambda kind: Q() if kind.name in names else None
