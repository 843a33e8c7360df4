import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.factories import make_city, make_dossier

pytestmark = pytest.mark.django_db


def form_data(dossier, **overrides):
    data = {
        "city": dossier.city.pk,
        "title": dossier.title,
        "slug": dossier.slug,
        "summary": dossier.summary,
        "body": dossier.body,
        "status": dossier.status,
        "change_reason": "",
    }
    data.update(overrides)
    return data


def test_admin_edit_requires_a_change_reason(admin_client):
    dossier = make_dossier(body="Avant")
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    response = admin_client.post(url, form_data(dossier, body="Après"))
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert "Après</textarea>" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.body == "Avant"


def test_admin_edit_records_the_user_and_reason(admin_client, admin_user):
    dossier = make_dossier(body="Avant")
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    response = admin_client.post(
        url, form_data(dossier, body="Après **correction**", change_reason="Correction du texte")
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.body_html == "<p>Après <strong>correction</strong></p>"
    latest = dossier.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Correction du texte"


def test_admin_refuses_a_pathological_body_with_a_message(admin_client):
    dossier = make_dossier(body="Avant")
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    response = admin_client.post(url, form_data(dossier, body="[" * 8000, change_reason="Essai"))
    assert response.status_code == 200
    assert "crochets" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.body == "Avant"


def test_admin_creates_a_dossier_with_history(admin_client, admin_user):
    city = make_city(name="Nice", slug="nice")
    response = admin_client.post(
        reverse("admin:dossiers_dossier_add"),
        {
            "city": city.pk,
            "title": "Reconnaissance faciale au carnaval",
            "slug": "",
            "summary": "Une expérimentation en 2019.",
            "body": "Texte.",
            "status": Dossier.Status.PUBLISHED,
            "change_reason": "Création",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.slug == "nice-reconnaissance-faciale-au-carnaval"
    assert dossier.published_at is not None
    assert dossier.history.get().history_user == admin_user


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:cities_city_changelist",
        "admin:cities_department_changelist",
        "admin:cities_region_changelist",
        "admin:dossiers_dossier_changelist",
        "admin:accounts_user_changelist",
        "admin:review_changerequest_changelist",
        "admin:review_moderationaction_changelist",
        "admin:dossiers_technology_changelist",
        "admin:dossiers_procurementthreshold_changelist",
        "admin:dossiers_actor_changelist",
        "admin:dossiers_fundingline_changelist",
    ],
)
def test_every_model_has_an_admin_page(admin_client, url_name):
    make_dossier(title="Dossier visible dans l’admin")
    response = admin_client.get(reverse(url_name))
    assert response.status_code == 200
    assert "Sélectionnez" in response.content.decode()


def test_the_audit_log_cannot_be_edited_in_the_admin(admin_client, admin_user):
    from review.models import ModerationAction

    entry = ModerationAction.objects.create(
        actor=admin_user, kind="block", target_label="x", reason="Spam"
    )
    change_url = reverse("admin:review_moderationaction_change", args=[entry.pk])
    delete_url = reverse("admin:review_moderationaction_delete", args=[entry.pk])
    admin_client.post(change_url, {"reason": "Effacé"})
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "Spam"


def test_dossiers_cannot_be_deleted_from_the_admin(admin_client):
    dossier = make_dossier()
    response = admin_client.post(
        reverse("admin:dossiers_dossier_delete", args=[dossier.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_an_administrator_adds_a_procurement_threshold(admin_client):
    from dossiers.models import ProcurementThreshold

    response = admin_client.post(
        reverse("admin:dossiers_procurementthreshold_add"),
        {
            "amount_excl_tax": "80000",
            "scope": "all",
            "valid_from": "2031-01-01",
            "valid_until": "",
            "legal_basis": "Décret de 2030",
        },
    )
    assert response.status_code == 302
    assert ProcurementThreshold.objects.get(legal_basis="Décret de 2030").amount_excl_tax == 80000
    refused = admin_client.post(
        reverse("admin:dossiers_procurementthreshold_add"),
        {
            "amount_excl_tax": "1",
            "scope": "all",
            "valid_from": "2031-01-01",
            "valid_until": "2030-01-01",
            "legal_basis": "À l’envers",
        },
    )
    assert refused.status_code == 200
    assert not ProcurementThreshold.objects.filter(legal_basis="À l’envers").exists()
