from django.db import models

from core.cache_tags import tags_of_related
from dossiers.models.dossier import Dossier, DossierQuerySet
from dossiers.models.sheet import REFERENCES_PART
from sources.models import Source


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations by dossiers the public sees."""
        return self.filter(DossierQuerySet.public_q("dossier__"))


class Citation(models.Model):
    """A dossier cites a source: the reference numbered `position` in its reference list.

    Its text's citations come first, numbered as in the stored HTML; then the
    sources that only its structured sheet cites. Rewritten whenever either is
    saved, so that "which dossiers cite this source" and a dossier's reference
    list are each one query.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    position = models.PositiveSmallIntegerField()
    in_text = models.BooleanField(default=True, help_text="Cited by the text, not only the sheet.")

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "source"], name="citation_once_per_dossier")
        ]

    def __str__(self):
        return f"{self.dossier} [{self.position}] {self.source.key}"

    def cache_parents(self):
        """Part of the dossier's references (core.cache_tags)."""
        return tags_of_related(self, "dossier", part=REFERENCES_PART)
