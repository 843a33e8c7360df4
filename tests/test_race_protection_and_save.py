"""A moderator locks a dossier while a trusted contributor's save is under way (issue
14, defect 3): the lock is never undone, and the save that started before it is
refused once the contributor may no longer edit, with their text kept."""

import threading

import pytest
from django.urls import reverse

from dossiers.forms import DossierForm, FundingLineForm
from dossiers.models import Dossier, FundingLine
from review.models import Protection
from tests.concurrency import client_for, run_together, statuses
from tests.factories import make_actor, make_dossier, make_source
from tests.personas import make_moderator, make_trusted
from tests.review_helpers import edit_form_data, funding_line_data

LOCK = {"level": Protection.LOCKED, "reason": "Guerre d’édition"}


@pytest.fixture
def pause_validation(monkeypatch):
    """Hold a form's validation (where a large body renders) until the test says go:
    the moderator's lock then lands exactly while the save is under way."""
    started, resume = threading.Event(), threading.Event()

    def pausing(form_class):
        full_clean = form_class.full_clean

        def paused_full_clean(form):
            full_clean(form)
            started.set()
            assert resume.wait(30), "the test never resumed the save"

        monkeypatch.setattr(form_class, "full_clean", paused_full_clean)

    return pausing, started, resume


def lock_during(save, pause_validation, form_class, dossier, moderator):
    pausing, started, resume = pause_validation
    pausing(form_class)
    moderator_client = client_for(moderator)

    def lock():
        assert started.wait(30)
        response = moderator_client.post(reverse("dossiers:protection", args=[dossier.slug]), LOCK)
        resume.set()
        return response

    return run_together([save, lock])


@pytest.mark.django_db(transaction=True)
def test_a_lock_set_during_a_dossier_save_holds_and_refuses_the_save(pause_validation):
    dossier = make_dossier(body="Texte publié.")
    trusted = client_for(make_trusted())
    long_text = "Un long texte. " * 5000
    data = edit_form_data(dossier, "Réécriture", body=long_text)

    saved, locked = lock_during(
        lambda: trusted.post(reverse("dossiers:edit", args=[dossier.slug]), data),
        pause_validation,
        DossierForm,
        dossier,
        make_moderator(),
    )

    assert statuses([saved, locked]) == [403, 302]
    dossier.refresh_from_db()
    assert dossier.protection == Protection.LOCKED
    assert dossier.body == "Texte publié."
    assert dossier.history.count() == 1
    assert saved.context["form"]["body"].value() == long_text
    assert "verrouillé" in saved.text


@pytest.mark.django_db(transaction=True)
def test_a_lock_set_during_a_sheet_row_save_refuses_the_row(pause_validation):
    source = make_source("source-ligne")
    dossier = make_dossier(body="Texte.")
    payer, recipient = make_actor("Ville", source=source), make_actor("Huawei", source=source)
    trusted = client_for(make_trusted())
    data = funding_line_data(payer, recipient, source, dossier=dossier.slug)
    url = reverse("dossiers:row_create", args=[dossier.slug, FundingLine.url_part])

    saved, locked = lock_during(
        lambda: trusted.post(url, data),
        pause_validation,
        FundingLineForm,
        dossier,
        make_moderator(),
    )

    assert statuses([saved, locked]) == [403, 302]
    assert Dossier.objects.get().protection == Protection.LOCKED
    assert not FundingLine.objects.exists()
    assert saved.context["form"]["amount"].value() == "24 000"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(4))
def test_saves_and_locks_at_once_never_undo_the_lock(trial):
    dossier = make_dossier(body="Texte publié.")
    trusted = client_for(make_trusted())
    moderator = client_for(make_moderator())
    data = edit_form_data(dossier, "Réécriture", body="Nouveau texte. " * 2000)
    calls = [
        lambda: trusted.post(reverse("dossiers:edit", args=[dossier.slug]), data),
        lambda: moderator.post(reverse("dossiers:protection", args=[dossier.slug]), LOCK),
    ]
    if trial % 2:
        calls.reverse()

    codes = statuses(run_together(calls))

    assert all(code in (302, 403) for code in codes), codes
    dossier.refresh_from_db()
    assert dossier.protection == Protection.LOCKED
    assert dossier.protection_reason == "Guerre d’édition"
