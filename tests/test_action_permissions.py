"""Every action checks who may do it, whoever calls it (issue 14, defect 7): a view
or a script that forgets the check still cannot act for the wrong person."""

import pytest
from django.core.exceptions import PermissionDenied

from dossiers.citations import save_dossier_revision
from dossiers.forms import DossierForm
from dossiers.models import Dossier
from review import actions
from review.models import ChangeRequest, Protection
from tests.factories import make_dossier, make_user, set_protection
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import edit_form_data, propose_edit

pytestmark = pytest.mark.django_db


def save_edit(action, dossier, user, **kwargs):
    """Call `action` (publish or propose) on a valid edit of `dossier` by `user`."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    form = DossierForm(edit_form_data(dossier, body="Après"), instance=dossier, user=user)
    assert form.is_valid(), form.errors
    return action(form, user=user, summary="Essai", base_version=dossier.version, **kwargs)


def test_a_contributor_cannot_publish_directly():
    dossier = make_dossier(body="Avant")
    contributor = make_contributor()
    with pytest.raises(PermissionDenied):
        save_edit(actions.publish, dossier, contributor)
    assert Dossier.objects.get().body == "Avant"


def test_a_trusted_contributor_cannot_publish_on_a_locked_dossier():
    dossier = make_dossier(body="Avant")
    set_protection(dossier, Protection.LOCKED, "Guerre d’édition")
    with pytest.raises(PermissionDenied):
        save_edit(actions.publish, dossier, make_trusted())
    assert Dossier.objects.get().body == "Avant"


def test_a_contributor_cannot_propose_on_a_protected_dossier():
    dossier = make_dossier()
    set_protection(dossier, Protection.PROTECTED, "Sources contestées")
    with pytest.raises(PermissionDenied):
        save_edit(actions.propose, dossier, make_contributor())
    assert not ChangeRequest.objects.exists()


def test_a_blocked_account_cannot_propose():
    dossier = make_dossier()
    with pytest.raises(PermissionDenied):
        save_edit(actions.propose, dossier, make_user("bloque", is_active=False))


def test_only_its_author_updates_a_proposal():
    dossier = make_dossier()
    change = propose_edit(make_contributor("auteur"), dossier, body="A")
    with pytest.raises(PermissionDenied):
        save_edit(actions.propose, dossier, make_contributor("autre"), change=change)
    change.refresh_from_db()
    assert change.proposed["body"] == "A" and change.revision == 1


@pytest.mark.parametrize("persona", ["contributor", "trusted"])
def test_only_moderators_decide(persona):
    person = {"contributor": make_contributor, "trusted": make_trusted}[persona]("x")
    change = propose_edit(make_contributor("auteur"), make_dossier(), body="A")
    with pytest.raises(PermissionDenied):
        actions.approve(change, moderator=person, revision=change.revision)
    with pytest.raises(PermissionDenied):
        actions.reject(change, moderator=person, reason="Non")
    change.refresh_from_db()
    assert change.is_pending


def test_only_its_author_withdraws_a_proposal():
    change = propose_edit(make_contributor("auteur"), make_dossier(), body="A")
    with pytest.raises(PermissionDenied):
        actions.withdraw(change, user=make_moderator())
    change.refresh_from_db()
    assert change.is_pending


def test_a_contributor_cannot_restore():
    dossier = make_dossier(body="Premier")
    first = dossier.history.get()
    dossier.body = "Second"
    save_dossier_revision(dossier, user=make_trusted(), reason="Second")
    with pytest.raises(PermissionDenied):
        actions.restore(first, user=make_contributor(), base_version=dossier.version)
    assert Dossier.objects.get().body == "Second"


def test_only_moderators_protect_and_hide():
    dossier = make_dossier()
    trusted = make_trusted()
    with pytest.raises(PermissionDenied):
        actions.protect(dossier, moderator=trusted, level=Protection.LOCKED, reason="Non")
    with pytest.raises(PermissionDenied):
        actions.set_hidden(
            dossier.history.get(),
            moderator=trusted,
            reason="Diffamation",
            hidden=True,
            record=dossier,
            label=dossier.title,
        )
    assert Dossier.objects.get().protection == Protection.OPEN
    assert not dossier.history.get().is_hidden
