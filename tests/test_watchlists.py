"""Watchlists (issue 17, part 3): « Suivre » on a dossier, a commune, a department, an
actor, a source or a technology; the watchlist page; watching what one edits."""

import pytest
from django.urls import reverse

from activity import watching
from activity.models import Subscription, Watch
from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier, Figure, Technology, TechnologyUse
from tests.concurrency import client_for, run_together, statuses
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_dossier,
    make_row,
    make_source,
    make_user,
)
from tests.personas import make_contributor

pytestmark = pytest.mark.django_db

WATCHLIST = "/compte/suivi/"
TOGGLE = "/compte/suivi/suivre/"


def follow(client, what, pk, follow="1", next_url="/"):
    return client.post(TOGGLE, {"what": what, "id": pk, "follow": follow, "next": next_url})


def test_the_button_watches_and_unwatches(client):
    dossier = make_dossier(title="Safe City")
    reader = make_contributor("lea")
    client.force_login(reader)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert f'action="{TOGGLE}"' in page and "Suivre" in page
    response = follow(client, "dossier", dossier.pk, next_url=dossier.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    assert watching.is_watching(reader, dossier)
    follow(client, "dossier", dossier.pk)  # twice: still one watch
    assert Watch.objects.filter(user=reader).count() == 1
    assert "Ne plus suivre" in client.get(dossier.get_absolute_url()).content.decode()
    follow(client, "dossier", dossier.pk, follow="0")
    assert not Watch.objects.exists()


def test_anonymous_readers_are_asked_to_sign_in(client):
    dossier = make_dossier()
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert reverse("accounts:login") + "?next=" in page
    response = follow(client, "dossier", dossier.pk)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not Watch.objects.exists()


@pytest.mark.parametrize(
    ("what", "pk"), [("dossier", "999"), ("planet", "1"), ("dossier", "abc"), ("", "")]
)
def test_nothing_to_watch_is_a_404(client, what, pk):
    client.force_login(make_contributor())
    assert follow(client, what, pk).status_code == 404


def test_a_draft_cannot_be_watched(client):
    draft = make_dossier(status=Dossier.Status.DRAFT)
    client.force_login(make_contributor())
    assert follow(client, "dossier", draft.pk).status_code == 404


def test_next_never_leaves_the_site(client):
    dossier = make_dossier()
    client.force_login(make_contributor())
    response = follow(client, "dossier", dossier.pk, next_url="https://ailleurs.example/")
    assert response["Location"] == WATCHLIST


def test_every_kind_of_watch_brings_its_changes(client):
    nord = make_department("Nord", code="59")
    valenciennes = make_city("Valenciennes", department=nord, insee_code="59606")
    drones = Technology.objects.get(slug="drones")
    followed = make_dossier(valenciennes, title="Suivi")
    make_dossier(title="Ignoré")
    with_drones = make_dossier(title="Avec drones")
    make_row(TechnologyUse, with_drones, technology=drones, status="deployed")
    actor = make_actor("Huawei")
    source = make_source(title="Un article suivi")
    reader = make_contributor("lea")
    for record in (valenciennes, nord, drones, actor, source):
        watching.watch(reader, record)
    make_row(Figure, followed, metric="cameras", value=12)
    client.force_login(reader)
    page = client.get(WATCHLIST)
    assert page.status_code == 200
    labels = {change.record_label for change in page.context["changes"]}
    assert "Suivi" in labels and "Avec drones" in labels
    assert "Ignoré" not in labels
    assert any("Huawei" in label for label in labels)
    assert any("Un article suivi" in label for label in labels)
    assert any("chiffre" in label for label in labels)  # the followed dossier's row
    watched = [record for _kind, record, _watch in page.context["watched"]]
    assert set(watched) == {valenciennes, nord, drones, actor, source}


def test_a_watchlist_of_nothing_says_how_to_fill_it(client):
    make_dossier()
    client.force_login(make_contributor())
    page = client.get(WATCHLIST)
    assert list(page.context["changes"]) == []
    assert "Vous ne suivez rien pour l’instant" in page.content.decode()


def test_contributors_watch_what_they_edit_unless_they_turn_it_off(client):
    author = make_contributor("auteur")
    dossier = make_dossier(user=author)
    assert watching.is_watching(author, dossier)
    assert Watch.objects.get(user=author).automatic
    row_author = make_user("lignes")
    make_row(Figure, dossier, user=row_author, metric="cameras", value=3)
    assert watching.is_watching(row_author, dossier)  # a row's edit: its dossier
    quiet = make_user("discret")
    Subscription.objects.create(user=quiet, watch_own_edits=False)
    dossier.summary = "Autre"
    save_dossier_revision(dossier, user=quiet, reason="Retouche")
    assert not Watch.objects.filter(user=quiet).exists()


def test_the_settings_form_keeps_what_was_typed_on_error(client):
    reader = make_contributor("lea")
    client.force_login(reader)
    page = client.post(
        WATCHLIST, {"frequency": "immediate", "email": "pas-une-adresse", "watch_own_edits": "on"}
    )
    assert page.status_code == 400
    assert "pas-une-adresse" in page.content.decode()
    assert "Saisissez une adresse de courriel valide" in page.content.decode()
    response = client.post(
        WATCHLIST, {"frequency": "immediate", "email": "lea@example.org", "watch_own_edits": ""}
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    subscription = reader.subscription
    assert reader.email == "lea@example.org"
    assert subscription.frequency == "immediate" and not subscription.watch_own_edits


def test_the_watchlist_is_for_signed_in_users(client):
    response = client.get(WATCHLIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_city_and_list_pages_offer_department_and_technology_watches(client):
    nord = make_department("Nord", code="59")
    city = make_city("Valenciennes", department=nord)
    client.force_login(make_contributor())
    page = client.get(city.get_absolute_url()).content.decode()
    assert 'name="what" value="commune"' in page and 'name="what" value="department"' in page
    listing = client.get(reverse("dossiers:list") + "?technology=drones").content.decode()
    assert 'name="what" value="technology"' in listing


@pytest.mark.django_db(transaction=True)
def test_two_tabs_watching_at_once_make_one_watch():
    dossier = make_dossier()
    reader = make_contributor("lea")
    clients = [client_for(reader) for _ in range(4)]
    responses = run_together([lambda c=c: follow(c, "dossier", dossier.pk) for c in clients])
    assert statuses(responses) == [302] * 4
    assert Watch.objects.filter(user=reader).count() == 1
    assert Subscription.objects.filter(user=reader).count() == 1
