from django.db import migrations


class Migration(migrations.Migration):
    """The content generation moved to core (a new token is drawn there)."""

    dependencies = [
        ("review", "0005_change_request_revision"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.DeleteModel(name="ContentGeneration")]
