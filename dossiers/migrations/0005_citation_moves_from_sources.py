import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Citations (a dossier cites a source) belong to dossiers, above sources: the
    model moves here and its table is renamed, rows and constraints kept."""

    dependencies = [
        ("dossiers", "0004_technologies_and_thresholds"),
        ("sources", "0002_citation_in_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE sources_citation RENAME TO dossiers_citation",
                    "ALTER TABLE dossiers_citation RENAME TO sources_citation",
                )
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Citation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField()),
                        (
                            "in_text",
                            models.BooleanField(
                                default=True, help_text="Cited by the text, not only the sheet."
                            ),
                        ),
                        (
                            "dossier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="citations",
                                to="dossiers.dossier",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="citations",
                                to="sources.source",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("dossier", "source"), name="citation_once_per_dossier"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
