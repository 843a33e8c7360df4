import secrets

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("core", "ContentGeneration").objects.create(id=1, token=secrets.randbits(62))


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "content generation"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
