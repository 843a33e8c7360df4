"""What the structured parts of a dossier share: sources, review, history, removal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.cache_tags import tags_of_related
from review.models import RevisedRecord

# The parts of a dossier's page that the records shown there name as their parent
# (core.cache_tags): its references, its requests for documents, and each section of
# its sheet; and which sections have rows at all (the outline), which a row names only
# when it appears or disappears.
REFERENCES_PART, REQUESTS_PART, PRESENCE_PART = "references", "requests", "sheet-presence"


def section_part(model):
    """The part of a dossier's page that shows its rows of `model`."""
    return f"sheet-{model._meta.model_name}"


SOURCE_KEYS_HELP = _(
    "Les clés des sources qui l’établissent, séparées par « ; » : "
    "« mediapart-2021-08-01; afp-2021-08-03 ». Au moins une."
)


class SourcedRecord(RevisedRecord):
    """A reviewed record that at least one published source must back."""

    source_keys = models.CharField(_("sources"), max_length=1000, help_text=SOURCE_KEYS_HELP)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def source_key_list(self):
        return [key for key in self.source_keys.split("; ") if key]


class SheetRowQuerySet(models.QuerySet):
    def current(self):
        """Rows shown on their dossier: removed rows stay only in history."""
        return self.filter(removed=False)

    @staticmethod
    def public_q(path=""):
        """Rows the public sees, across dossiers: current rows of public dossiers, as a
        condition on the row reached through `path` ("roles__" from an actor)."""
        from dossiers.models.dossier import DossierQuerySet

        return models.Q(**{f"{path}removed": False}) & DossierQuerySet.public_q(f"{path}dossier__")

    def public(self):
        return self.filter(self.public_q())


class SheetRow(SourcedRecord):
    """One line of a dossier's structured sheet: a funding line, a figure, an event ...

    The table holds published rows only; proposed ones wait as change requests.
    A row is never deleted: removing it is a reviewed edit, undone by a restore.
    Subclasses define `dossier` (with their own related name), `url_part` (their
    section in URLs) and `section_label`.
    """

    removed = models.BooleanField(
        _("retiré du dossier"),
        default=False,
        help_text=_("La ligne disparaît du dossier mais reste dans l’historique."),
    )

    objects = SheetRowQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def anchor(self):
        return f"{self._meta.model_name}-{self.pk}"

    def get_absolute_url(self):
        return f"{self.dossier.get_absolute_url()}#{self.anchor}"

    # Whether the row is removed in the database, as far as this instance knows: read
    # with it, then as it saved it (None: not known).
    _removed_in_database = None

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._removed_in_database = row.__dict__.get("removed")
        return row

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._removed_in_database = self.removed

    def cache_parents(self):
        """A row is part of its section of its dossier's sheet (core.cache_tags). Saved
        new, removed or restored, it also changes which sections have rows (the
        outline), which an edit of a figure's value leaves kept. (While the row is
        being loaded, its parents are the section alone.)"""
        tags = tags_of_related(self, "dossier", part=section_part(type(self)))
        if not self._state.adding and self._removed_in_database in (None, not self.removed):
            tags += tags_of_related(self, "dossier", part=PRESENCE_PART)
        return tags
