"""The people of the test suite, one per role (see review.roles)."""

from review.roles import MODERATORS_GROUP, TRUSTED_GROUP, role_group
from tests.factories import make_user


def role(name):
    return role_group(name)


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
