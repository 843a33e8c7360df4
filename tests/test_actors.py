"""Actor pages: every dossier and city where an actor appears, its roles and sources."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.models import ActorRole, Dossier
from tests.factories import (
    make_actor,
    make_city,
    make_dossier,
    make_funding_line,
    make_row,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_the_actor_page_lists_dossiers_cities_roles_and_sources(client):
    huawei = make_actor("Huawei", source=make_source(publisher="L’Usine Digitale"))
    valenciennes = make_dossier(make_city("Valenciennes"), title="Safe City")
    nice = make_dossier(make_city("Nice"), title="Caméras de Nice")
    role_source = make_source(publisher="Mediapart", published="2021-08-01")
    make_row(ActorRole, valenciennes, sources=[role_source], actor=huawei,
             role=ActorRole.Role.SUPPLIER, note="Caméras offertes")  # fmt: skip
    make_row(ActorRole, nice, actor=huawei, role=ActorRole.Role.SUPPLIER)
    make_funding_line(valenciennes, payer=make_actor("Ville de Valenciennes"), recipient=huawei,
                      amount="24000", description="Maintenance")  # fmt: skip

    page = client.get(huawei.get_absolute_url()).text
    assert "Présent dans 2 communes" in page
    for text in ("Safe City", "Valenciennes", "Caméras de Nice", "Nice", "Caméras offertes",
                 "Mediapart, 1<sup>er</sup> août 2021", "L’Usine Digitale", "24 000 €",
                 "Ville de Valenciennes → Huawei"):  # fmt: skip
        assert fr(text) in page, text


def test_drafts_and_removed_rows_stay_off_the_actor_page(client):
    actor = make_actor("Briefcam")
    draft = make_dossier(title="Brouillon secret", status=Dossier.Status.DRAFT)
    make_row(ActorRole, draft, actor=actor, role=ActorRole.Role.SUPPLIER)
    removed = make_row(ActorRole, make_dossier(title="Retiré"), actor=actor,
                       role=ActorRole.Role.SUPPLIER, removed=True)  # fmt: skip
    assert removed.removed
    page = client.get(actor.get_absolute_url()).text
    assert "Brouillon secret" not in page and "Retiré" not in page
    assert "ne figure encore dans aucun dossier publié" in page


def test_actor_list_filters_and_counts(client):
    huawei, cnil = make_actor("Huawei"), make_actor("CNIL", kind="regulator")
    for title in ("Un", "Deux"):
        make_row(ActorRole, make_dossier(title=title), actor=huawei, role="supplier")
    make_row(ActorRole, make_dossier(), actor=cnil, role="regulator")
    page = client.get(reverse("actors:list") + "?kind=company").text
    assert "Huawei" in page and "CNIL" not in page
    assert "présent dans 2 dossiers" in page
    response = client.get(reverse("actors:list") + "?q=cn")
    assert [actor.name for actor in response.context["object_list"]] == ["CNIL"]


def test_actor_history_and_restore(client):
    from tests.personas import logged_in, make_trusted

    actor = make_actor("Hauwei")
    actor.name = "Huawei"
    actor.save_revision(user=None, reason="Orthographe")
    history = client.get(reverse("actors:history", args=[actor.slug])).text
    assert "Orthographe" in history
    first = actor.history.earliest("history_date")
    logged_in(client, make_trusted())
    client.post(
        reverse("actors:restore", args=[actor.slug, first.history_id]),
        {"base_version": actor.version},
    )
    actor.refresh_from_db()
    assert actor.name == "Hauwei" and actor.version == 3
