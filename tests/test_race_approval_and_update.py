"""A moderator approves a proposal while its author updates it (issue 14, defects 1
and 2): what is published is exactly what the moderator read, the author's text is
never lost, and neither of them ever gets an error page, on SQLite and PostgreSQL.
"""

import time

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from review.forms import ReviewedModelForm
from review.models import ChangeRequest
from tests.concurrency import client_for, run_together, statuses
from tests.factories import make_dossier
from tests.personas import make_contributor, make_moderator
from tests.review_helpers import decision_data, edit_form_data, propose_edit

TEXT_A = "Texte A, que la modératrice a relu."
TEXT_B = "Texte B, écrit ensuite par l’auteur."


def update_data(change, dossier, body):
    return edit_form_data(
        dossier, "Mise à jour de l’auteur", body=body, base_version=dossier.version
    ) | {"title": change.proposed["title"]}


@pytest.fixture
def slow_validation(monkeypatch):
    """Validating a form takes as long as rendering a large body does (~300 ms), so
    that the two requests overlap as they do on a real server."""
    full_clean = ReviewedModelForm.full_clean

    def slow_full_clean(form):
        time.sleep(0.05)
        full_clean(form)

    monkeypatch.setattr(ReviewedModelForm, "full_clean", slow_full_clean)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(6))
def test_approval_racing_an_update_has_one_winner_and_loses_nothing(trial, slow_validation):
    dossier = make_dossier(body="Texte publié.")
    author, moderator = make_contributor(), make_moderator()
    change = propose_edit(author, dossier, "Proposition A", body=TEXT_A)
    read_by_moderator = decision_data(change)
    author_client, moderator_client = client_for(author), client_for(moderator)
    approve_url = reverse("review:approve", args=[change.pk])
    update_url = reverse("review:change_edit", args=[change.pk])
    calls = [
        lambda: moderator_client.post(approve_url, read_by_moderator),
        lambda: author_client.post(update_url, update_data(change, dossier, TEXT_B)),
    ]
    if trial % 2:
        calls.reverse()

    responses = run_together(calls)
    if trial % 2:
        responses.reverse()
    approval, update = responses

    assert all(code in (302, 409) for code in statuses(responses)), statuses(responses)
    change.refresh_from_db()
    dossier.refresh_from_db()
    if change.state == ChangeRequest.State.APPROVED:
        # The approval won: exactly what the moderator read is published, and the
        # author's later text is refused with the text kept on the form.
        assert approval.status_code == 302
        assert dossier.body == TEXT_A
        assert change.proposed["body"] == TEXT_A
        assert update.status_code == 409
        assert update.context["form"]["body"].value() == TEXT_B
        assert "ne peut plus changer" in update.text
        latest = dossier.history.first()
        assert (latest.body, latest.history_change_reason) == (TEXT_A, "Proposition A")
    else:
        # The update won: nothing is published, the moderator is told to read again.
        assert change.state == ChangeRequest.State.PENDING
        assert update.status_code == 302
        assert change.proposed["body"] == TEXT_B
        assert change.revision == 2
        assert dossier.body == "Texte publié."
        assert dossier.history.count() == 1
        assert approval.status_code == 409
        assert "La proposition a été modifiée pendant votre relecture" in approval.text
        # The new diff is on the page, ready for a decision on the new revision.
        assert "écrit ensuite par l’auteur" in approval.text
        assert approval.context["approve_form"]["revision"].value() == 2


@pytest.mark.django_db
class TestInSequence:
    def test_an_update_after_the_moderator_opened_the_page_refuses_the_approval(self, client):
        dossier = make_dossier(body="Texte publié.")
        author = make_contributor()
        change = propose_edit(author, dossier, "Proposition A", body=TEXT_A)
        client.force_login(make_moderator())
        page = client.get(change.get_absolute_url())
        seen = page.context["approve_form"]["revision"].value()
        client_for(author).post(
            reverse("review:change_edit", args=[change.pk]), update_data(change, dossier, TEXT_B)
        )

        response = client.post(
            reverse("review:approve", args=[change.pk]), {"reason": "", "revision": seen}
        )

        assert response.status_code == 409
        dossier.refresh_from_db()
        assert dossier.body == "Texte publié."
        change.refresh_from_db()
        assert change.is_pending and change.proposed["body"] == TEXT_B

    def test_an_update_after_the_decision_keeps_the_authors_text(self, client):
        dossier = make_dossier(body="Texte publié.")
        author = make_contributor()
        change = propose_edit(author, dossier, "Proposition A", body=TEXT_A)
        author_client = client_for(author)
        form_page = author_client.get(reverse("review:change_edit", args=[change.pk]))
        assert form_page.status_code == 200
        client.force_login(make_moderator())
        client.post(reverse("review:reject", args=[change.pk]), decision_data(change, "Non"))

        response = author_client.post(
            reverse("review:change_edit", args=[change.pk]), update_data(change, dossier, TEXT_B)
        )

        assert response.status_code == 409
        assert response.context["form"]["body"].value() == TEXT_B
        assert "Cette proposition a été refusée pendant que vous la modifiiez" in response.text
        change.refresh_from_db()
        assert change.proposed["body"] == TEXT_A
        assert Dossier.objects.get().body == "Texte publié."

    def test_a_decision_without_the_revision_read_is_refused_with_a_message(self, client):
        change = propose_edit(make_contributor(), make_dossier(), body=TEXT_A)
        client.force_login(make_moderator())
        response = client.post(reverse("review:approve", args=[change.pk]), {"reason": ""})
        assert response.status_code == 400
        assert "rechargez-la" in response.text
        change.refresh_from_db()
        assert change.is_pending


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(4))
def test_withdrawal_racing_an_approval_has_one_decision(trial):
    dossier = make_dossier(body="Texte publié.")
    author = make_contributor()
    change = propose_edit(author, dossier, "Proposition A", body=TEXT_A)
    moderator_client, author_client = client_for(make_moderator()), client_for(author)
    calls = [
        lambda: moderator_client.post(
            reverse("review:approve", args=[change.pk]), decision_data(change)
        ),
        lambda: author_client.post(reverse("review:withdraw", args=[change.pk])),
    ]
    if trial % 2:
        calls.reverse()

    codes = statuses(run_together(calls))

    assert codes == [302, 302], codes
    change.refresh_from_db()
    dossier.refresh_from_db()
    if change.state == ChangeRequest.State.APPROVED:
        assert dossier.body == TEXT_A and dossier.history.count() == 2
    else:
        assert change.state == ChangeRequest.State.WITHDRAWN
        assert dossier.body == "Texte publié." and dossier.history.count() == 1
