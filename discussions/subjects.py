"""What has a discussion page: dossiers, sources and actors, each named once here
with how its URLs name a record and which records the public sees."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dossiers.models import Actor, Dossier
from sources.models import Source


@dataclass(frozen=True)
class Subject:
    model: type
    name: str  # in URL names: "dossier", "source", "actor"
    lookup: str  # the field its URLs use: "slug", "key"
    label: object
    list_url_name: str  # the list of all records of the kind
    list_label: object

    def queryset(self):
        return self.model.objects.public()

    def find(self, value):
        """The public record its URLs name `value`, or None."""
        return self.queryset().filter(**{self.lookup: value}).first()

    def lookup_value(self, record):
        return getattr(record, self.lookup)

    def url_name(self, page):
        return f"discussions:{self.name}_{page}"

    def url(self, record):
        return reverse(self.url_name("list"), args=[self.lookup_value(record)])


SUBJECTS = [
    Subject(Dossier, "dossier", "slug", _("dossier"), "dossiers:list", _("Dossiers")),
    Subject(Source, "source", "key", _("source"), "sources:list", _("Sources")),
    Subject(Actor, "actor", "slug", _("acteur"), "actors:list", _("Acteurs")),
]
BY_NAME = {subject.name: subject for subject in SUBJECTS}
BY_MODEL = {subject.model: subject for subject in SUBJECTS}


def subject_of(model_or_record):
    model = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    return BY_MODEL[model]


def discussion_url(record):
    """The discussion page of a dossier, a source or an actor."""
    return subject_of(record).url(record)


def subject_of_change(change, record=None):
    """The record on whose discussion page a proposal is discussed: what it edits, or
    what that belongs to (a dossier for a row of its sheet), or None (a proposed
    dossier, source or actor has no page yet). `record` is the record as the proposal
    would make it, when the caller has it (a valid proposal's form instance)."""
    kind = change.reviewed_type
    if record is None:
        record = change.load_target()
        if record is None:
            form = kind.form_class.for_proposal(
                change.proposed, instance=None, summary=change.summary, base_version=None
            )
            record = form.instance if form.is_valid() else None
    if record is None:
        return None
    for subject in SUBJECTS:
        owner = kind.owner(record, subject.name)
        if owner is not None and owner.pk is not None:
            return subject.queryset().filter(pk=owner.pk).first()
    return None
