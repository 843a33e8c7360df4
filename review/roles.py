"""The two groups that carry the review permissions (created by a data migration)."""

TRUSTED_GROUP = "Contributeurs de confiance"
MODERATORS_GROUP = "Modérateurs"

GROUP_PERMISSIONS = {
    TRUSTED_GROUP: ["publish_directly"],
    MODERATORS_GROUP: ["publish_directly", "moderate"],
}


def role_group(name):
    """The group of a role, with its permissions; made again if it is missing (a data
    migration creates both, but a database emptied since may lack them)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="review", codename__in=GROUP_PERMISSIONS[name]
            )
        )
    return group
