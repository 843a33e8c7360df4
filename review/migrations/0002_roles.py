from django.db import migrations

# Frozen copies of review.roles as they were when this migration was written.
GROUP_PERMISSIONS = {
    "Contributeurs de confiance": ["publish_directly"],
    "Modérateurs": ["publish_directly", "moderate"],
}
PERMISSION_NAMES = {
    "publish_directly": "Publier ses modifications sans relecture",
    "moderate": "Relire les propositions et modérer le site",
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally created after migrations; the groups need them now.
    content_type, _ = ContentType.objects.get_or_create(app_label="review", model="changerequest")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSION_NAMES.items()
    }
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
