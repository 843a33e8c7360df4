from django.db import migrations


class Migration(migrations.Migration):
    """The Citation model moved to dossiers (its table too, renamed there)."""

    dependencies = [
        ("sources", "0002_citation_in_text"),
        ("dossiers", "0005_citation_moves_from_sources"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Citation")]
        ),
    ]
