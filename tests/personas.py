"""The people of the test suite, one per role (see review.roles)."""

from django.contrib.auth.models import Group, Permission

from review.roles import GROUP_PERMISSIONS, MODERATORS_GROUP, TRUSTED_GROUP
from tests.factories import make_user


def role(name):
    """The group of a role. A data migration creates them; transactional tests,
    which empty every table between tests, need them made again."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="review", codename__in=GROUP_PERMISSIONS[name]
            )
        )
    return group


def make_contributor(username="alice"):
    return make_user(username)


def make_trusted(username="tristan"):
    user = make_user(username)
    user.groups.add(role(TRUSTED_GROUP))
    return user


def make_moderator(username="morgane"):
    user = make_user(username)
    user.groups.add(role(MODERATORS_GROUP))
    return user


def logged_in(client, user):
    client.force_login(user)
    return client
