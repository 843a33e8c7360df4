"""Deadlocks and serialization failures (issue 14, defect 2): actions take their locks
in one order (review/actions.py), and whatever contention remains is retried once,
then answered with a conflict page, never a 500."""

import contextlib
import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from dossiers.models import Dossier
from review import actions
from tests.concurrency import run_together
from tests.factories import make_dossier
from tests.personas import logged_in, make_trusted
from tests.review_helpers import edit_form_data


@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_retried_and_both_writers_land():
    first, second = make_dossier(title="Premier"), make_dossier(title="Second")
    both_locked = threading.Barrier(2)
    one_committed = threading.Event()
    attempts = []

    # On PostgreSQL each first attempt locks its own row, so both always meet here,
    # however slow the machine: the waits are bounded only so that a broken test fails
    # instead of hanging. SQLite serialises whole transactions: there the second
    # writer cannot lock anything before the first commits, so the first stops
    # waiting for it after a moment (nothing below depends on how long).
    meeting_timeout = 60 if connection.vendor == "postgresql" else 1

    @actions.retried_on_contention
    def lock_both(one, other, mark):
        first_attempt = mark not in attempts
        attempts.append(mark)
        if not first_attempt:
            # The deadlock's loser starts again once the winner has committed, so the
            # retry cannot meet it in a second deadlock.
            one_committed.wait(timeout=60)
        with transaction.atomic():
            Dossier.objects.select_for_update().get(pk=one.pk)
            # Both now hold their first row and wait for the other's: a deadlock,
            # which PostgreSQL breaks by failing one of them.
            if first_attempt:
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_locked.wait(timeout=meeting_timeout)
            Dossier.objects.filter(pk__in=[one.pk, other.pk]).update(summary=f"Écrit par {mark}")
        one_committed.set()
        return mark

    results = run_together(
        [lambda: lock_both(first, second, "a"), lambda: lock_both(second, first, "b")]
    )

    assert sorted(results) == ["a", "b"]
    if connection.vendor == "postgresql":
        assert len(attempts) == 3  # the deadlock's loser ran again
    summaries = set(Dossier.objects.values_list("summary", flat=True))
    assert len(summaries) == 1 and summaries <= {"Écrit par a", "Écrit par b"}


def contention(message="deadlock detected"):
    error = OperationalError(message)
    error.__cause__ = type("Cause", (Exception,), {"sqlstate": "40P01"})()
    return error


def test_contention_is_retried_once_then_raised_as_busy():
    calls = []

    @actions.retried_on_contention
    def always_deadlocked():
        calls.append(1)
        raise contention()

    with pytest.raises(actions.Busy):
        always_deadlocked()
    assert len(calls) == 2


def test_other_database_errors_are_not_retried():
    calls = []

    @actions.retried_on_contention
    def broken():
        calls.append(1)
        raise OperationalError("no such table: dossiers_dossier")

    with pytest.raises(OperationalError):
        broken()
    assert len(calls) == 1


@pytest.mark.django_db
def test_a_save_that_stays_busy_gets_a_conflict_page_with_the_text_kept(client, monkeypatch):
    dossier = make_dossier(body="Avant")

    def deadlocked(*args, **kwargs):
        raise contention()

    monkeypatch.setattr(Dossier, "save_revision", deadlocked)
    logged_in(client, make_trusted())
    response = client.post(
        reverse("dossiers:edit", args=[dossier.slug]), edit_form_data(dossier, body="Mon texte")
    )
    assert response.status_code == 409
    assert response.context["form"]["body"].value() == "Mon texte"
    assert "enregistrez-le de nouveau" in response.text


@pytest.mark.django_db
def test_contention_anywhere_else_is_a_409_page_not_a_500(client, monkeypatch):
    dossier = make_dossier()

    def deadlocked(*args, **kwargs):
        raise contention()

    monkeypatch.setattr(actions, "log", deadlocked)
    from tests.personas import make_moderator

    logged_in(client, make_moderator())
    response = client.post(
        reverse("dossiers:protection", args=[dossier.slug]), {"level": "locked", "reason": "x"}
    )
    assert response.status_code == 409
    assert "Une autre action est arrivée au même instant" in response.text
