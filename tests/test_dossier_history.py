import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier
from tests.factories import make_dossier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice")


@pytest.fixture
def bob():
    return make_user("bob")


@pytest.fixture
def dossier(alice, bob):
    dossier = make_dossier(
        title="Caméras de Lille", body="Première version : 12 caméras.", user=alice,
        reason="Création de la fiche",
    )  # fmt: skip
    dossier.body = "Deuxième version : 40 caméras et un centre de supervision."
    save_dossier_revision(dossier, user=bob, reason="Ajout du centre de supervision")
    return dossier


def test_each_save_records_its_user_reason_and_version(dossier, alice, bob):
    first, second = dossier.history.order_by("history_date")
    assert (first.history_user, first.history_change_reason, first.version) == (
        alice, "Création de la fiche", 1,
    )  # fmt: skip
    assert (second.history_user, second.history_change_reason, second.version) == (
        bob, "Ajout du centre de supervision", 2,
    )  # fmt: skip


def test_stored_html_is_not_copied_into_history(dossier):
    history_fields = {field.name for field in dossier.history.model._meta.fields}
    assert "body" in history_fields
    assert "body_html" not in history_fields


def test_history_page_lists_revisions_newest_first(client, dossier):
    response = client.get(reverse("dossiers:history", args=[dossier.slug]))
    page = response.content.decode()
    assert page.index("Ajout du centre de supervision") < page.index("Création de la fiche")
    assert "alice" in page and "bob" in page
    assert "2 révisions publiées" in page


def test_an_old_revision_renders_its_own_text(client, dossier):
    first = dossier.history.order_by("history_date").first()
    response = client.get(reverse("dossiers:revision", args=[dossier.slug, first.history_id]))
    page = response.content.decode()
    assert "<p>Première version\u00a0: 12 caméras.</p>" in page
    assert "40 caméras" not in page
    assert "Ce n’est pas la version actuelle." in page


def test_the_latest_revision_says_it_is_current(client, dossier):
    latest = dossier.history.first()
    response = client.get(reverse("dossiers:revision", args=[dossier.slug, latest.history_id]))
    assert "C’est la version actuelle du dossier." in response.content.decode()


def test_draft_states_of_a_published_dossier_stay_out_of_public_history(client, alice):
    dossier = make_dossier(
        status=Dossier.Status.DRAFT, body="Brouillon confidentiel", user=alice, reason="Ébauche"
    )
    dossier.status = Dossier.Status.PUBLISHED
    dossier.body = "Version relue"
    save_dossier_revision(dossier, user=alice, reason="Publication")
    draft_revision = dossier.history.get(status=Dossier.Status.DRAFT)

    page = client.get(reverse("dossiers:history", args=[dossier.slug])).content.decode()
    assert "Publication" in page
    assert "Ébauche" not in page
    response = client.get(
        reverse("dossiers:revision", args=[dossier.slug, draft_revision.history_id])
    )
    assert response.status_code == 404


def test_a_revision_of_another_dossier_is_404(client, dossier):
    other = make_dossier(title="Autre dossier")
    foreign_revision = other.history.first()
    response = client.get(
        reverse("dossiers:revision", args=[dossier.slug, foreign_revision.history_id])
    )
    assert response.status_code == 404


def test_the_history_page_is_paginated(client, alice):
    dossier = make_dossier(user=alice)
    for number in range(2, 56):
        dossier.body = f"Version {number}"
        save_dossier_revision(dossier, user=alice, reason=f"Modification {number}")
    url = reverse("dossiers:history", args=[dossier.slug])
    first_page = client.get(url).content.decode()
    second_page = client.get(url, {"page": 2}).content.decode()
    assert "Modification 55" in first_page and "Modification 5<" not in first_page
    assert "Modification 5<" in second_page
    assert "Page 2 sur 2" in second_page
