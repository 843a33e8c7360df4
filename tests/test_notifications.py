"""E-mail notifications (issue 17, part 3): watchers told of changes at once or in a
daily digest, authors told of the decision on their proposal, one-click unsubscribe;
sent by `manage.py send_notifications`, through a real SMTP server in one test."""

import socket
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from activity import watching
from activity.models import Subscription
from activity.notifications import SETTLE, send_due
from dossiers.citations import save_dossier_revision
from review import actions
from tests.concurrency import run_together
from tests.factories import make_dossier, make_user
from tests.personas import make_moderator
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db


def later(**delta):
    """A moment after everything the test did has settled."""
    return timezone.now() + SETTLE + timedelta(seconds=1, **delta)


def watcher(frequency="immediate", email="lea@example.org", username="lea"):
    user = make_user(username, email=email)
    Subscription.objects.create(user=user, frequency=frequency)
    return user


def edit(dossier, user, reason="Ajout d’une phrase"):
    dossier.body += " Une phrase de plus."
    save_dossier_revision(dossier, user=user, reason=reason)


def test_a_watcher_is_told_at_once_and_only_once(settings):
    settings.SITE_URL = "https://villes.example"
    dossier = make_dossier(title="Safe City")
    lea = watcher()
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    run = send_due(later())
    assert (run.sent, run.failed) == (1, 0)
    (message,) = mail.outbox
    assert message.to == ["lea@example.org"]
    assert "1 modification de ce que vous suivez" in message.subject
    assert "Safe City" in message.body and "Ajout d’une phrase" in message.body
    latest = dossier.public_revisions().first()
    assert f"https://villes.example/dossiers/{dossier.slug}/historique/comparer/" in message.body
    assert f"a={latest.history_id}" in message.body
    assert send_due(later(minutes=5)).sent == 0
    assert len(mail.outbox) == 1


def test_ones_own_edits_are_not_news():
    dossier = make_dossier()
    lea = watcher()
    watching.watch(lea, dossier)
    edit(dossier, lea)
    assert send_due(later()).sent == 0


def test_a_daily_digest_waits_a_day_and_gathers_everything():
    dossier = make_dossier(title="Safe City")
    lea = watcher("daily")
    watching.watch(lea, dossier)
    edit(dossier, make_user("a"), "Première")
    edit(dossier, make_user("b"), "Seconde")
    assert send_due(later()).sent == 0
    assert send_due(later(days=1)).sent == 1
    body = mail.outbox[0].body
    assert "Première" in body and "Seconde" in body
    assert "2 modifications" in mail.outbox[0].subject


@pytest.mark.parametrize(("frequency", "email"), [("never", "lea@example.org"), ("immediate", "")])
def test_no_mail_without_an_address_or_when_turned_off(frequency, email):
    lea = watcher(frequency, email)
    dossier = make_dossier()
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    assert send_due(later(days=2)).sent == 0
    assert mail.outbox == []


def test_the_author_is_told_of_the_decision_with_the_reason():
    moderator = make_moderator()
    dossier = make_dossier(title="Safe City")
    author = watcher(username="autrice", email="autrice@example.org")
    refused = propose_edit(author, dossier, "Proposition douteuse", summary="Douteux")
    actions.reject(refused, moderator=moderator, reason="Aucune source ne le dit.")
    accepted = propose_edit(author, dossier, "Proposition sourcée", summary="Sourcé")
    actions.approve(accepted, moderator=moderator, revision=accepted.revision)
    assert send_due(later()).sent == 1
    body = mail.outbox[0].body
    assert "Refusée" in body and "Aucune source ne le dit." in body
    assert "Acceptée et publiée" in body
    # The approval published the author's own revision: not news to them.
    assert "Modifications de ce que vous suivez" not in body


def test_the_mail_is_in_the_language_of_its_reader():
    dossier = make_dossier(title="Safe City")
    lea = watcher()
    Subscription.objects.filter(user=lea).update(language="en")
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    send_due(later())
    message = mail.outbox[0]
    assert "1 change to what you watch" in message.subject
    assert "Hello lea" in message.body


def test_unsubscribing_in_one_click_from_the_mail():
    lea = watcher()
    dossier = make_dossier()
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    send_due(later())
    message = mail.outbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    path = url.removeprefix("http://localhost:8000")
    browser = Client(enforce_csrf_checks=True)
    confirm = browser.get(path)
    assert confirm.status_code == 200 and "Ne plus recevoir de courriels" in confirm.text
    assert Subscription.objects.get(user=lea).frequency == "immediate"  # a GET changes nothing
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert Subscription.objects.get(user=lea).frequency == "never"
    assert browser.get(path[:-3] + "xyz/").status_code == 404


def test_turning_mail_on_does_not_send_a_backlog(client):
    lea = watcher("never")
    dossier = make_dossier()
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    client.force_login(lea)
    client.post(
        "/compte/suivi/",
        {"frequency": "immediate", "email": "lea@example.org", "watch_own_edits": "on"},
    )
    assert send_due(later()).sent == 0


def test_a_failed_send_is_tried_again(monkeypatch):
    lea = watcher()
    dossier = make_dossier()
    watching.watch(lea, dossier)
    edit(dossier, make_user("auteur"))
    before = Subscription.objects.get(user=lea).notified_until

    def refuse(self, *args, **kwargs):
        raise OSError("the SMTP server is down")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    run = send_due(later())
    assert (run.sent, run.failed) == (0, 1)
    assert Subscription.objects.get(user=lea).notified_until == before
    monkeypatch.undo()
    assert send_due(later()).sent == 1


def test_the_command_reports_and_fails_loudly(monkeypatch, capsys):
    call_command("send_notifications")
    assert "0 e-mail(s) sent" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_change_once():
    readers = [watcher(username=f"lecteur{n}", email=f"l{n}@example.org") for n in range(5)]
    dossier = make_dossier()
    for reader in readers:
        watching.watch(reader, dossier)
    edit(dossier, make_user("auteur"))
    moment = later()
    runs = run_together([lambda: send_due(moment) for _ in range(4)])
    assert not [run for run in runs if isinstance(run, Exception)], runs
    assert sum(run.sent for run in runs) == 5
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.email for r in readers)


def test_a_real_smtp_server_receives_the_mail(settings):
    from aiosmtpd.controller import Controller

    received = []
    arrived = threading.Event()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            arrived.set()
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        lea = watcher()
        dossier = make_dossier(title="Safe City")
        watching.watch(lea, dossier)
        edit(dossier, make_user("auteur"))
        moment = later()
        assert send_due(moment).sent == 1
        assert arrived.wait(10)
    finally:
        controller.stop()
    (envelope,) = received
    assert envelope.rcpt_tos == ["lea@example.org"]
    text = envelope.content.decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in text
    assert "Safe City" in text or "Safe=20City" in text
    # The cursor stands at the end of what the run told: the same mail is never sent again.
    assert Subscription.objects.get(user=lea).notified_until == moment - SETTLE
