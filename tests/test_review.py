"""The moderators' side: the queue, a change's page, approving and rejecting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier
from review.models import ChangeRequest, ModerationAction
from tests.factories import make_city, make_dossier
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db


def approve(client, change, reason=""):
    return client.post(
        reverse("review:approve", args=[change.pk]),
        {"reason": reason, "revision": change.revision},
    )


def reject(client, change, reason):
    return client.post(
        reverse("review:reject", args=[change.pk]), {"reason": reason, "revision": change.revision}
    )


class TestQueue:
    def test_it_lists_pending_changes_oldest_first(self, client):
        dossier, other = make_dossier(title="Premier"), make_dossier(title="Second")
        old = propose_edit(make_contributor("ancien"), dossier, body="Ajout " * 20)
        new = propose_edit(make_contributor("recent"), other, body="")
        ChangeRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(3))
        decided = propose_edit(make_contributor("tranche"), make_dossier(title="Traité"))
        ChangeRequest.objects.filter(pk=decided.pk).update(state=ChangeRequest.State.REJECTED)
        client.force_login(make_moderator())
        response = client.get(reverse("review:queue"))
        assert [change.pk for change in response.context["changes"]] == [old.pk, new.pk]
        rows = response.text.split("<tbody>")[1]
        assert rows.index("Premier") < rows.index("Second")
        assert "Traité" not in rows
        assert "3\xa0jours" in rows
        assert f"+{old.size_delta}" in rows
        assert "ancien" in rows and "recent" in rows

    def test_contributors_may_not_see_it(self, client):
        client.force_login(make_trusted())
        response = client.get(reverse("review:queue"))
        assert response.status_code == 403
        assert "Cette page est réservée à la modération." in response.text

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(reverse("review:queue"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestChangePage:
    def test_it_shows_a_word_level_diff_against_the_published_version(self, client):
        dossier = make_dossier(body="La ville compte 217 caméras.")
        change = propose_edit(make_contributor(), dossier, body="La ville compte 240 caméras.")
        client.force_login(make_moderator())
        response = client.get(change.get_absolute_url())
        assert "compte <del>217</del><ins>240</ins> caméras." in response.text
        assert "Accepter et publier" in response.text

    def test_author_sees_it_without_decision_buttons(self, client):
        author = make_contributor()
        change = propose_edit(author, make_dossier(), body="Proposé")
        client.force_login(author)
        response = client.get(change.get_absolute_url())
        assert "<ins>Proposé</ins>" in response.text
        assert "Accepter et publier" not in response.text
        assert "Retirer ma proposition" in response.text

    def test_outsider_gets_404(self, client):
        change = propose_edit(make_contributor(), make_dossier(), body="Proposé")
        client.force_login(make_trusted())
        assert client.get(change.get_absolute_url()).status_code == 404
        assert client.get(reverse("review:change_edit", args=[change.pk])).status_code == 404

    def test_anonymous_is_sent_to_log_in(self, client):
        change = propose_edit(make_contributor(), make_dossier(), body="Proposé")
        response = client.get(change.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestApprove:
    def test_it_publishes_as_the_authors_revision_and_records_the_moderator(self, client):
        dossier = make_dossier(body="Avant")
        author, moderator = make_contributor(), make_moderator()
        change = propose_edit(author, dossier, edit_summary="Chiffres 2021", body="Après")
        client.force_login(moderator)
        response = approve(client, change, "Sources vérifiées")
        assert response["Location"] == dossier.get_absolute_url()
        dossier.refresh_from_db()
        assert dossier.body == "Après"
        revision = dossier.history.latest()
        assert revision.history_user == author
        assert revision.history_change_reason == "Chiffres 2021"
        change.refresh_from_db()
        assert change.state == ChangeRequest.State.APPROVED
        assert change.decided_by == moderator
        assert change.decision_reason == "Sources vérifiées"
        assert change.applied_version == dossier.version
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.kind) == (moderator, ModerationAction.Kind.APPROVE)
        assert entry.target_url == dossier.get_absolute_url()

    def test_approving_a_creation_publishes_the_new_dossier(self, client):
        make_city("Valenciennes", insee_code="59606", slug="valenciennes")
        author = make_contributor()
        client.force_login(author)
        client.post(
            reverse("dossiers:create"),
            {
                "city": "Valenciennes",
                "title": "Drones",
                "summary": "Des drones.",
                "body": "Un **texte**.",
                "edit_summary": "Nouveau dossier",
            },
        )
        change = ChangeRequest.objects.get()
        client.force_login(make_moderator())
        approve(client, change)
        dossier = Dossier.objects.public().get()
        assert dossier.body_html == "<p>Un <strong>texte</strong>.</p>"
        assert dossier.history.get().history_user == author
        change.refresh_from_db()
        assert change.object_id == dossier.pk

    def test_a_change_cannot_be_approved_twice(self, client):
        dossier = make_dossier(body="Avant")
        change = propose_edit(make_contributor(), dossier, body="Après")
        client.force_login(make_moderator())
        approve(client, change)
        response = approve(client, change)
        assert response["Location"] == change.get_absolute_url()
        assert Dossier.objects.get().history.count() == 2
        assert ModerationAction.objects.count() == 1

    def test_contributors_cannot_approve(self, client):
        author = make_contributor()
        change = propose_edit(author, make_dossier(), body="Après")
        client.force_login(author)
        assert approve(client, change).status_code == 403
        change.refresh_from_db()
        assert change.is_pending

    def test_it_is_post_only(self, client):
        change = propose_edit(make_contributor(), make_dossier(), body="Après")
        client.force_login(make_moderator())
        response = client.get(reverse("review:approve", args=[change.pk]))
        assert response.status_code == 405
        change.refresh_from_db()
        assert change.is_pending

    def test_a_proposal_that_no_longer_validates_is_not_applied(self, client):
        dossier = make_dossier(body="Avant")
        change = propose_edit(make_contributor(), dossier, body="Après")
        ChangeRequest.objects.filter(pk=change.pk).update(proposed={**change.proposed, "title": ""})
        client.force_login(make_moderator())
        page = client.get(change.get_absolute_url())
        assert "ne passe plus la validation" in page.text
        approve(client, change)
        dossier.refresh_from_db()
        assert dossier.body == "Avant"


class TestOutdatedChange:
    def test_moderator_is_told_and_cannot_approve_blindly(self, client):
        dossier = make_dossier(body="Premier paragraphe.\n\nSecond paragraphe.")
        change = propose_edit(
            make_contributor(), dossier, body="Premier paragraphe modifié.\n\nSecond paragraphe."
        )
        dossier.body = "Premier paragraphe.\n\nSecond paragraphe complété."
        save_dossier_revision(dossier, user=make_trusted(), reason="Complément")
        client.force_login(make_moderator())
        page = client.get(change.get_absolute_url())
        assert "Le dossier a changé depuis cette proposition" in page.text
        assert "<ins> complété</ins>" in page.text
        assert 'type="submit" disabled' in page.text
        response = approve(client, change)
        assert response["Location"] == change.get_absolute_url()
        dossier.refresh_from_db()
        assert dossier.body.endswith("complété.")
        change.refresh_from_db()
        assert change.is_pending

    def test_author_brings_it_up_to_date_then_it_can_be_approved(self, client):
        dossier = make_dossier(body="Un.")
        author = make_contributor()
        change = propose_edit(author, dossier, body="Un, corrigé.")
        dossier.body = "Un. Deux."
        save_dossier_revision(dossier, user=make_trusted(), reason="Ajout")
        client.force_login(author)
        edit_page = client.get(reverse("review:change_edit", args=[change.pk]))
        form = edit_page.context["form"]
        assert form["body"].value() == "Un, corrigé."
        assert form["base_version"].value() == dossier.version
        assert "<ins> Deux.</ins>" in edit_page.text
        client.post(
            reverse("review:change_edit", args=[change.pk]),
            {
                **change.proposed,
                "body": "Un, corrigé. Deux.",
                "edit_summary": "Correction, à jour",
                "base_version": dossier.version,
            },
        )
        change.refresh_from_db()
        assert change.base_version == dossier.version
        assert change.summary == "Correction, à jour"
        assert ChangeRequest.objects.count() == 1
        client.force_login(make_moderator())
        approve(client, change)
        dossier.refresh_from_db()
        assert dossier.body == "Un, corrigé. Deux."


class TestReject:
    def test_it_needs_a_reason_that_the_author_reads(self, client):
        author = make_contributor()
        change = propose_edit(author, make_dossier(), body="Rumeur non sourcée")
        client.force_login(make_moderator())
        response = reject(client, change, "")
        assert response.status_code == 400
        assert response.context["reject_form"].errors["reason"]
        change.refresh_from_db()
        assert change.is_pending
        reject(client, change, "Aucune source ne l’établit.")
        change.refresh_from_db()
        assert change.state == ChangeRequest.State.REJECTED
        client.force_login(author)
        mine = client.get(reverse("accounts:contributions"))
        assert "Aucune source ne l’établit." in mine.text
        assert "refusée" in mine.text
        assert ModerationAction.objects.get().kind == ModerationAction.Kind.REJECT


def test_author_can_withdraw_a_pending_change(client):
    author = make_contributor()
    change = propose_edit(author, make_dossier(), body="Finalement non")
    client.force_login(author)
    client.post(reverse("review:withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.WITHDRAWN


def test_editing_again_reworks_the_pending_change(client):
    dossier = make_dossier()
    author = make_contributor()
    change = propose_edit(author, dossier, body="Première idée")
    client.force_login(author)
    response = client.get(reverse("dossiers:edit", args=[dossier.slug]))
    assert response["Location"] == reverse("review:change_edit", args=[change.pk])


def test_change_page_names_the_dossier_by_its_published_title(client):
    dossier = make_dossier(title="Titre publié")
    change = propose_edit(make_contributor(), dossier, title="Titre proposé")
    client.force_login(make_moderator())
    page = client.get(change.get_absolute_url()).text
    objet = page.split("<dt>Objet</dt>")[1].split("</dd>")[0]
    assert "Titre publié" in objet
    assert "Titre proposé" not in objet
