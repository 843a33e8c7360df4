"""The full-text index: one SearchEntry per live public record of every reviewed
type, kept by search.indexing. The text columns are what the database's full-text
engine reads (search.backends): on PostgreSQL a weighted `vector` column with a GIN
index, added by migration 0002; on SQLite the FTS5 table `search_fts`, kept in step
by triggers (also migration 0002). Neither is known to the ORM."""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=40, help_text="The model name of the record.")
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    sections = models.JSONField(default=list, help_text="[anchor, offset in body] pairs.")
    path = models.CharField(max_length=500, help_text="The record's page, in French.")
    # What filters reach: the record's commune (and its department), its dossier.
    city = models.ForeignKey(
        "cities.City", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    department = models.ForeignKey(
        "cities.Department",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    dossier_id = models.PositiveBigIntegerField(null=True)
    group = models.PositiveSmallIntegerField(
        default=0, help_text="The type's search_order: results come grouped by it."
    )
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]
        indexes = [
            models.Index(fields=["dossier_id"], name="search_entry_dossier"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"
