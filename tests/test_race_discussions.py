"""Discussions written at the same moment (issue 20), on both databases: replies
all land with numbers 1, 2, 3 … and none lost; a lock or a hiding that races a
reply or an edit leaves one consistent outcome, and nobody gets a 500.

Lock order (discussions.actions): the thread's row, then the message's."""

import pytest
from django.urls import reverse

from discussions import actions
from discussions.models import Message, Thread, Visit
from review.models import ModerationAction
from tests.concurrency import client_for, run_together, statuses
from tests.factories import make_dossier
from tests.personas import make_contributor, make_moderator

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_replies_at_once_are_all_kept_and_numbered_in_order():
    thread = actions.start_thread(
        make_dossier(), user=make_contributor("alice"), title="Fil", body="Début"
    )
    clients = [client_for(make_contributor(f"ecrivain{n}")) for n in range(WRITERS)]
    url = thread.get_absolute_url()

    responses = run_together(
        [
            lambda c=client, n=n: c.post(url, {"body": f"Réponse {n}"})
            for n, client in enumerate(clients)
        ]
    )

    assert statuses(responses) == [302] * WRITERS
    thread.refresh_from_db()
    assert thread.message_count == WRITERS + 1
    numbers = sorted(Message.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, WRITERS + 2))
    bodies = set(Message.objects.filter(number__gt=1).values_list("body", flat=True))
    assert bodies == {f"Réponse {n}" for n in range(WRITERS)}


@pytest.mark.django_db(transaction=True)
def test_a_lock_racing_replies_leaves_no_reply_after_it():
    moderator = make_moderator()
    thread = actions.start_thread(
        make_dossier(), user=make_contributor("alice"), title="Fil", body="Début"
    )
    writers = [client_for(make_contributor(f"ecrivain{n}")) for n in range(4)]
    url = thread.get_absolute_url()
    lock = reverse("discussions:lock", args=[thread.pk])
    calls = [lambda c=client: c.post(url, {"body": "Vite"}) for client in writers]
    calls.append(lambda: client_for(moderator).post(lock, {"locked": "1", "reason": "Stop"}))

    responses = run_together(calls)

    assert all(code in (302, 403) for code in statuses(responses))
    thread.refresh_from_db()
    assert thread.is_locked
    published = Message.objects.filter(thread=thread)
    # Every reply either landed before the lock or was refused with its text kept.
    assert published.count() == 1 + statuses(responses)[:4].count(302)
    assert all(message.created_at <= thread.locked_at for message in published)
    for response in responses[:4]:
        if response.status_code == 403:
            assert "Vite" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_a_hiding_is_either_hidden_after_or_refused():
    author, moderator = make_contributor("alice"), make_moderator()
    thread = actions.start_thread(make_dossier(), user=author, title="Fil", body="Avant")
    message = thread.messages.get()
    edit = reverse("discussions:edit", args=[message.pk])
    hide = reverse("discussions:hide", args=[message.pk])

    responses = run_together(
        [
            lambda: client_for(author).post(edit, {"body": "Après"}),
            lambda: client_for(moderator).post(hide, {"reason": "Hors sujet"}),
        ]
    )

    assert statuses(responses)[0] in (302, 403) and statuses(responses)[1] == 302
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "Hors sujet"
    assert ModerationAction.objects.filter(kind="hide_message").count() == 1
    edited = responses[0].status_code == 302
    assert message.body == ("Après" if edited else "Avant")
    assert message.history.count() == (2 if edited else 1)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_hiding_at_once_log_it_once():
    thread = actions.start_thread(
        make_dossier(), user=make_contributor("alice"), title="Fil", body="Texte"
    )
    message = thread.messages.get()
    hide = reverse("discussions:hide", args=[message.pk])
    moderators = [client_for(make_moderator(f"moderatrice{n}")) for n in range(2)]

    responses = run_together(
        [lambda c=client: c.post(hide, {"reason": "Doublon"}) for client in moderators]
    )

    assert statuses(responses) == [302, 302]
    assert ModerationAction.objects.filter(kind="hide_message").count() == 1
    assert Thread.objects.get().messages.get().is_hidden


@pytest.mark.django_db(transaction=True)
def test_one_reader_in_several_tabs_at_once_has_one_visit():
    thread = actions.start_thread(
        make_dossier(), user=make_contributor("alice"), title="Fil", body="Début"
    )
    actions.reply(thread, user=thread.author, body="Suite")
    reader = client_for(make_contributor("lectrice"))
    url = thread.get_absolute_url()

    responses = run_together([lambda: reader.get(url) for _ in range(6)])

    assert statuses(responses) == [200] * 6
    (visit,) = Visit.objects.filter(thread=thread, user__username="lectrice")
    assert visit.seen == 2
