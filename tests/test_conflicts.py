"""No lost update: an edit against a version that moved on saves nothing."""

import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier
from review.models import ChangeRequest
from tests.concurrency import client_for, run_together
from tests.factories import make_dossier
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import decision_data, edit_form_data, propose_edit


def form_data(dossier, base_version, body, edit_summary="Modification"):
    return edit_form_data(dossier, edit_summary, body=body, base_version=base_version)


@pytest.mark.django_db
class TestTwoEditors:
    def test_the_second_save_gets_a_conflict_page_with_its_text_intact(self):
        dossier = make_dossier(body="Texte commun.")
        first, second = client_for(make_trusted("premiere")), client_for(make_trusted("second"))
        url = reverse("dossiers:edit", args=[dossier.slug])
        base = second.get(url).context["form"]["base_version"].value()
        first.post(url, form_data(dossier, base, "Texte commun. Ajout de la première."))

        response = second.post(
            url, form_data(dossier, base, "Texte commun, réécrit par le second.")
        )

        assert response.status_code == 409
        dossier.refresh_from_db()
        assert dossier.body == "Texte commun. Ajout de la première."
        assert dossier.history.count() == 2
        form = response.context["form"]
        assert form["body"].value() == "Texte commun, réécrit par le second."
        assert form["base_version"].value() == dossier.version
        assert "Le dossier a été modifié pendant que vous écriviez" in response.text
        assert (
            "<del>. Ajout de la première.</del><ins>, réécrit par le second.</ins>" in response.text
        )

    def test_saving_again_from_the_conflict_page_is_a_conscious_overwrite(self):
        dossier = make_dossier(body="A")
        second = client_for(make_trusted())
        url = reverse("dossiers:edit", args=[dossier.slug])
        stale = dossier.version
        dossier.body = "B"
        save_dossier_revision(dossier, user=make_trusted("autre"), reason="B")
        conflict = second.post(url, form_data(dossier, stale, "C"))
        resubmitted = {**conflict.context["form"].data.dict()}
        response = second.post(url, resubmitted)
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.body == "C"
        assert list(dossier.history.values_list("body", flat=True)) == ["C", "B", "A"]

    def test_a_proposal_against_an_old_version_gets_the_conflict_page_too(self):
        dossier = make_dossier(body="A")
        stale = dossier.version
        dossier.body = "B"
        save_dossier_revision(dossier, user=make_trusted(), reason="B")
        response = client_for(make_contributor()).post(
            reverse("dossiers:edit", args=[dossier.slug]), form_data(dossier, stale, "C")
        )
        assert response.status_code == 409
        assert not ChangeRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_exactly_one_wins():
    dossier = make_dossier(body="Départ")
    editors = [client_for(make_trusted(f"editeur{n}")) for n in range(2)]
    url = reverse("dossiers:edit", args=[dossier.slug])
    calls = [
        lambda client=client, n=n: client.post(url, form_data(dossier, dossier.version, f"V{n}"))
        for n, client in enumerate(editors)
    ]

    responses = run_together(calls)

    assert sorted(response.status_code for response in responses) == [302, 409]
    loser = next(response for response in responses if response.status_code == 409)
    winner_text = "V1" if loser.context["form"]["body"].value() == "V0" else "V0"
    dossier.refresh_from_db()
    assert dossier.body == winner_text
    assert dossier.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_of_one_change_apply_it_once():
    dossier = make_dossier(body="Départ")
    change = propose_edit(make_contributor(), dossier, body="Proposé")
    moderators = [client_for(make_moderator(f"moderateur{n}")) for n in range(2)]
    url = reverse("review:approve", args=[change.pk])

    data = decision_data(change)
    responses = run_together(
        [lambda client=client: client.post(url, data) for client in moderators]
    )

    assert all(response.status_code == 302 for response in responses)
    assert sorted(response["Location"] for response in responses) == sorted(
        [dossier.get_absolute_url(), change.get_absolute_url()]
    )
    dossier.refresh_from_db()
    assert dossier.body == "Proposé"
    assert dossier.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_changes_from_the_same_version_approved_together_one_waits():
    dossier = make_dossier(body="Départ")
    changes = [
        propose_edit(make_contributor(f"auteur{n}"), dossier, body=f"Proposition {n}")
        for n in range(2)
    ]
    moderator = make_moderator()
    clients = [client_for(moderator), client_for(moderator)]
    calls = [
        lambda client=client, change=change: client.post(
            reverse("review:approve", args=[change.pk]), decision_data(change)
        )
        for client, change in zip(clients, changes, strict=True)
    ]

    run_together(calls)

    states = sorted(ChangeRequest.objects.values_list("state", flat=True))
    assert states == [ChangeRequest.State.APPROVED, ChangeRequest.State.PENDING]
    approved = ChangeRequest.objects.get(state=ChangeRequest.State.APPROVED)
    dossier = Dossier.objects.get()
    assert dossier.body == approved.proposed["body"]
    assert dossier.history.count() == 2
