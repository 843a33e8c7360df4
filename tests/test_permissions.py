"""Every endpoint of the review workflow, for every persona.

404 for what a persona may not see, 403 for what they may see but not change,
a redirect to log in where signing in would help.
"""

import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision
from tests.factories import make_dossier
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "blocked", "author", "outsider", "trusted", "moderator"]
LOGIN = "login"


@pytest.fixture
def world():
    dossier = make_dossier(body="Version 1")
    dossier.body = "Version 2"
    save_dossier_revision(dossier, user=None, reason="Deuxième")
    author = make_contributor("auteur")
    change = propose_edit(author, dossier, body="Proposé")
    people = {
        "author": author,
        "outsider": make_contributor("intrus"),
        "trusted": make_trusted("confiance"),
        "moderator": make_moderator("moderatrice"),
        "blocked": make_contributor("bloque"),
    }
    first = dossier.history.earliest()
    return {"dossier": dossier, "change": change, "people": people, "first": first}


def as_persona(client, world, persona):
    if persona == "anonymous":
        return
    user = world["people"][persona]
    client.force_login(user)
    if persona == "blocked":
        user.is_active = False
        user.save()


def slug(world):
    return world["dossier"].slug


ENDPOINTS = {
    # name: (method, url builder, post data, expected status per persona)
    "create": (
        "get",
        lambda w: reverse("dossiers:create"),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=200, outsider=200, trusted=200, moderator=200),
    ),
    "edit": (
        "get",
        lambda w: reverse("dossiers:edit", args=[slug(w)]),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=302, outsider=200, trusted=200, moderator=200),
    ),
    "protection": (
        "get",
        lambda w: reverse("dossiers:protection", args=[slug(w)]),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=200),
    ),
    "protect": (
        "post",
        lambda w: reverse("dossiers:protection", args=[slug(w)]),
        {"level": "locked", "reason": "x"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "queue": (
        "get",
        lambda w: reverse("review:queue"),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=200),
    ),
    "log": (
        "get",
        lambda w: reverse("review:log"),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=200),
    ),
    "change": (
        "get",
        lambda w: w["change"].get_absolute_url(),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=200, outsider=404, trusted=404, moderator=200),
    ),
    "change_edit": (
        "get",
        lambda w: reverse("review:change_edit", args=[w["change"].pk]),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=200, outsider=404, trusted=404, moderator=200),
    ),
    "approve": (
        "post",
        lambda w: reverse("review:approve", args=[w["change"].pk]),
        {"revision": 1},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=404, trusted=404, moderator=302),
    ),
    "reject": (
        "post",
        lambda w: reverse("review:reject", args=[w["change"].pk]),
        {"reason": "Non sourcé", "revision": 1},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=404, trusted=404, moderator=302),
    ),
    "withdraw": (
        "post",
        lambda w: reverse("review:withdraw", args=[w["change"].pk]),
        {},
        dict(anonymous=LOGIN, blocked=LOGIN, author=302, outsider=404, trusted=404, moderator=403),
    ),
    "restore": (
        "post",
        lambda w: reverse("dossiers:restore", args=[slug(w), w["first"].history_id]),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=302, moderator=302),
    ),
    "hide": (
        "post",
        lambda w: reverse("dossiers:hide", args=[slug(w), w["first"].history_id]),
        {"reason": "Données personnelles"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "unhide": (
        "post",
        lambda w: reverse("dossiers:unhide", args=[slug(w), w["first"].history_id]),
        {"reason": "Erreur"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "update_change": (
        "post",
        lambda w: reverse("review:change_edit", args=[w["change"].pk]),
        {"edit_summary": "Mise à jour"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=200, outsider=404, trusted=404, moderator=200),
    ),
    "contributions": (
        "get",
        lambda w: reverse("accounts:contributions"),
        None,
        dict(anonymous=LOGIN, blocked=LOGIN, author=200, outsider=200, trusted=200, moderator=200),
    ),
    "block": (
        "post",
        lambda w: reverse("accounts:block", args=["intrus"]),
        {"reason": "Spam"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "unblock": (
        "post",
        lambda w: reverse("accounts:unblock", args=["intrus"]),
        {"reason": "Erreur"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "demote": (
        "post",
        lambda w: reverse("accounts:demote", args=["intrus"]),
        {"reason": "Erreurs"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
    "promote": (
        "post",
        lambda w: reverse("accounts:promote", args=["intrus"]),
        {"reason": "Fiable"},
        dict(anonymous=LOGIN, blocked=LOGIN, author=403, outsider=403, trusted=403, moderator=302),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(client, world, endpoint, persona):
    method, url_for, data, expected = ENDPOINTS[endpoint]
    as_persona(client, world, persona)
    if data is None and method == "post":
        data = {"base_version": world["dossier"].version}
    response = getattr(client, method)(url_for(world), data or {})
    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected[persona]
        if expected[persona] == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "endpoint",
    # Form pages answer GET with their form; every other posted endpoint is POST-only.
    [
        name
        for name, (method, *_rest) in ENDPOINTS.items()
        if method == "post" and name not in ("protect", "update_change")
    ],
)
def test_state_changes_refuse_get(client, world, endpoint):
    as_persona(client, world, "moderator")
    _method, url_for, _data, _expected = ENDPOINTS[endpoint]
    assert client.get(url_for(world)).status_code == 405


def test_state_changes_need_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["moderator"])
    response = client.post(reverse("review:approve", args=[world["change"].pk]))
    assert response.status_code == 403
    world["change"].refresh_from_db()
    assert world["change"].is_pending
