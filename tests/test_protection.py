import pytest
from django.urls import reverse

from review.models import ModerationAction, Protection
from tests.factories import make_dossier, set_protection
from tests.personas import make_contributor, make_moderator, make_trusted

pytestmark = pytest.mark.django_db


def protect(client, dossier, level, reason="Guerre d’édition"):
    url = reverse("dossiers:protection", args=[dossier.slug])
    return client.post(url, {"level": level, "reason": reason})


def test_moderator_protects_with_a_reason_shown_on_the_page(client):
    dossier = make_dossier()
    version = dossier.version
    client.force_login(make_moderator())
    response = protect(client, dossier, Protection.PROTECTED)
    assert response["Location"] == dossier.get_absolute_url()
    dossier.refresh_from_db()
    assert dossier.protection == Protection.PROTECTED
    assert dossier.version == version, "protection is not a new revision"
    client.logout()
    page = client.get(dossier.get_absolute_url())
    assert "Dossier protégé" in page.text
    assert "Guerre d’édition" in page.text
    entry = ModerationAction.objects.get()
    assert entry.kind == ModerationAction.Kind.PROTECT
    assert "Guerre d’édition" in entry.reason


def test_protecting_needs_a_reason_and_keeps_the_choice(client):
    dossier = make_dossier()
    client.force_login(make_moderator())
    response = protect(client, dossier, Protection.LOCKED, reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert response.context["form"]["level"].value() == Protection.LOCKED


@pytest.mark.parametrize(
    ("level", "persona", "allowed"),
    [
        (Protection.PROTECTED, make_contributor, False),
        (Protection.PROTECTED, make_trusted, True),
        (Protection.PROTECTED, make_moderator, True),
        (Protection.LOCKED, make_trusted, False),
        (Protection.LOCKED, make_moderator, True),
    ],
)
def test_who_may_edit_a_protected_dossier(client, level, persona, allowed):
    dossier = make_dossier()
    set_protection(dossier, level, "Motif")
    client.force_login(persona())
    url = reverse("dossiers:edit", args=[dossier.slug])
    data = {
        "city": dossier.city.insee_code,
        "title": dossier.title,
        "summary": dossier.summary,
        "body": "Nouveau texte",
        "edit_summary": "Essai",
        "base_version": dossier.version,
    }
    assert (client.get(url).status_code == 200) is allowed
    response = client.post(url, data)
    assert (response.status_code == 302) is allowed
    if not allowed:
        assert response.status_code == 403
        assert "Ce dossier est" in response.text


def test_only_moderators_reach_the_protection_form(client):
    dossier = make_dossier()
    client.force_login(make_trusted())
    assert client.get(reverse("dossiers:protection", args=[dossier.slug])).status_code == 403
    assert protect(client, dossier, Protection.LOCKED).status_code == 403
    dossier.refresh_from_db()
    assert dossier.protection == Protection.OPEN
