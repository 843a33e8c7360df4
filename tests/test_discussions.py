"""Discussion pages of dossiers, sources and actors (issue 20, part 1): threads and
replies published at once, sanitised markdown, the author's fifteen minutes of
edits kept in history, moderation after the fact (tombstones, locks, the journal),
rate limits that keep the text, unread counts, noindex and the licence notice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import moderation
from activity import watching
from activity.models import Subscription
from activity.notifications import send_due
from core.typography import space_french as fr
from discussions import actions
from discussions.models import Message, Thread, Visit
from review.models import ChangeRequest, ModerationAction
from tests.factories import make_actor, make_dossier, make_source, make_user
from tests.personas import make_contributor, make_moderator
from tests.test_notifications import later

pytestmark = pytest.mark.django_db


def list_url(dossier):
    return reverse("discussions:dossier_list", args=[dossier.slug])


def start(dossier, user, title="Les caméras de la gare", body="Premier message."):
    return actions.start_thread(dossier, user=user, title=title, body=body)


def test_every_dossier_source_and_actor_has_a_discussion_page(client):
    dossier, source, actor = make_dossier(), make_source(), make_actor()
    pages = [
        (dossier, reverse("discussions:dossier_list", args=[dossier.slug])),
        (source, reverse("discussions:source_list", args=[source.key])),
        (actor, reverse("discussions:actor_list", args=[actor.slug])),
    ]
    for record, url in pages:
        assert url.endswith("/discussion/")
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex">' in response.text
        assert fr("ne sont pas couverts par") in response.text
        # The record's own page leads to it.
        assert url in client.get(record.get_absolute_url()).text


def test_a_hidden_or_unknown_subject_has_no_discussion_page(client):
    draft = make_dossier(status="draft")
    assert client.get(list_url(draft)).status_code == 404
    assert client.get("/dossiers/nulle-part/discussion/").status_code == 404


def test_a_contributor_opens_a_thread_and_others_reply_in_order(client):
    dossier = make_dossier()
    client.force_login(make_contributor("alice"))
    response = client.post(
        list_url(dossier), {"title": "Qui a payé ?", "body": "La convention dit *gratuit*."}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.subject == dossier and thread.message_count == 1
    client.force_login(make_contributor("bruno"))
    client.post(thread.get_absolute_url(), {"body": "Et la maintenance ?"})
    client.post(thread.get_absolute_url(), {"body": "Vingt-quatre mille euros."})
    numbers = list(thread.messages.values_list("number", "author__username"))
    assert numbers == [(1, "alice"), (2, "bruno"), (3, "bruno")]
    page = client.get(thread.get_absolute_url()).text
    order = [page.index(text) for text in ("<em>gratuit</em>", "maintenance", "Vingt-quatre")]
    assert order == sorted(order)


def test_markdown_is_sanitised_when_the_message_is_saved():
    thread = start(
        make_dossier(),
        make_contributor(),
        body='Voir <script>alert("x")</script> [ici](javascript:alert(1)) **gras**',
    )
    message = thread.messages.get()
    assert "<script" not in message.body_html
    assert "javascript:" not in message.body_html
    assert "<strong>gras</strong>" in message.body_html


def test_a_message_cites_sources_with_its_own_reference_list(client):
    source = make_source("convention-2017", title="La convention Huawei")
    thread = start(make_dossier(), make_contributor(), body="Elle le dit [@convention-2017].")
    message = thread.messages.get()
    assert message.cited_keys == ["convention-2017"]
    assert 'href="#m1-ref-1"' in message.body_html
    page = client.get(thread.get_absolute_url()).text
    assert 'id="m1-ref-1"' in page and source.get_absolute_url() in page


def test_bad_input_is_answered_with_a_message_and_the_text_kept(client):
    dossier = make_dossier()
    client.force_login(make_contributor())
    response = client.post(list_url(dossier), {"title": "", "body": "Mon texte à garder"})
    assert response.status_code == 400
    assert fr("Donnez un titre à la discussion.") in response.text
    assert "Mon texte à garder" in response.text
    response = client.post(list_url(dossier), {"title": "Sources", "body": "Voir [@nulle-part]"})
    assert response.status_code == 400
    assert "[@nulle-part]" in response.text
    assert Thread.objects.count() == 0


def test_anonymous_visitors_read_but_are_asked_to_sign_in_to_post(client):
    thread = start(make_dossier(), make_contributor())
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and "Premier message." in page.text
    assert reverse("accounts:login") in page.text
    response = client.post(thread.get_absolute_url(), {"body": "Anonyme"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert Message.objects.count() == 1


def test_a_blocked_account_cannot_post():
    user = make_contributor("bloque")
    thread = start(make_dossier(), user)
    moderation.block(user, moderator=make_moderator(), reason="Spam")
    user.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.reply(thread, user=user, body="Encore moi")
    with pytest.raises(PermissionDenied):
        start(make_dossier(), user)
    assert Message.objects.count() == 1


def test_posting_is_rate_limited_with_a_clear_message_and_the_text_kept(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion-burst": (2, 60)}
    user = make_contributor()
    thread = start(make_dossier(), user)
    client.force_login(user)
    url = thread.get_absolute_url()
    assert client.post(url, {"body": "Deuxième"}).status_code == 302
    response = client.post(url, {"body": "Troisième, gardé"})
    assert response.status_code == 429
    assert fr("attendez quelques minutes") in response.text
    assert "Troisième, gardé" in response.text
    assert thread.messages.count() == 2


def test_moderators_are_not_rate_limited(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion-burst": (1, 60)}
    moderator = make_moderator()
    thread = start(make_dossier(), moderator)
    for n in range(3):
        actions.reply(thread, user=moderator, body=f"Message {n}")
    assert thread.messages.count() == 4


class TestEditing:
    def test_the_author_edits_within_fifteen_minutes_and_the_old_text_stays(self, client):
        user = make_contributor()
        thread = start(make_dossier(), user, body="Texte d’origine")
        message = thread.messages.get()
        client.force_login(user)
        edit = reverse("discussions:edit", args=[message.pk])
        assert client.get(edit).status_code == 200
        response = client.post(edit, {"body": "Texte corrigé"})
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.body == "Texte corrigé" and message.edited_at is not None
        assert [v.body for v in message.history.order_by("history_id")] == [
            "Texte d’origine",
            "Texte corrigé",
        ]
        history = client.get(reverse("discussions:message_history", args=[message.pk])).text
        assert "Texte d’origine" in history and "Texte corrigé" in history
        assert (
            reverse("discussions:message_history", args=[message.pk])
            in client.get(thread.get_absolute_url()).text
        )

    def test_after_fifteen_minutes_the_message_is_kept_as_it_is(self, client):
        user = make_contributor()
        thread = start(make_dossier(), user, body="Trop tard")
        message = thread.messages.get()
        Message.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - timedelta(minutes=15, seconds=1)
        )
        client.force_login(user)
        response = client.post(reverse("discussions:edit", args=[message.pk]), {"body": "Non"})
        assert response.status_code == 403
        assert fr("quinze minutes") in response.text
        assert "Non" in response.text  # what was typed is still there
        message.refresh_from_db()
        assert message.body == "Trop tard"

    def test_nobody_else_edits_a_message_not_even_a_moderator(self, client):
        thread = start(make_dossier(), make_contributor("alice"))
        message = thread.messages.get()
        for other in (make_contributor("bruno"), make_moderator()):
            client.force_login(other)
            edit = reverse("discussions:edit", args=[message.pk])
            assert client.post(edit, {"body": "Réécrit"}).status_code == 403
            with pytest.raises(PermissionDenied):
                actions.edit(message, user=other, body="Réécrit")
        message.refresh_from_db()
        assert message.body == "Premier message."


class TestModeration:
    def test_a_hidden_message_leaves_a_tombstone_with_the_reason(self, client):
        thread = start(make_dossier(), make_contributor(), body="Une insulte")
        message = thread.messages.get()
        moderator = make_moderator()
        client.force_login(moderator)
        response = client.post(
            reverse("discussions:hide", args=[message.pk]), {"reason": "propos injurieux"}
        )
        assert response.status_code == 302
        entry = ModerationAction.objects.get()
        assert entry.kind == ModerationAction.Kind.HIDE_MESSAGE
        assert entry.actor == moderator and entry.reason == "propos injurieux"
        client.logout()
        page = client.get(thread.get_absolute_url()).text
        assert fr("Message masqué par la modération : propos injurieux") in page
        assert "Une insulte" not in page
        # Its history is for moderators only.
        history = reverse("discussions:message_history", args=[message.pk])
        assert client.get(history).status_code == 404
        client.force_login(moderator)
        assert "Une insulte" in client.get(thread.get_absolute_url()).text

    def test_a_hidden_message_is_shown_again_and_that_is_logged(self, client):
        thread = start(make_dossier(), make_contributor(), body="Finalement correct")
        message = thread.messages.get()
        moderator = make_moderator()
        actions.set_hidden(message, moderator=moderator, hidden=True, reason="à vérifier")
        client.force_login(moderator)
        client.post(reverse("discussions:unhide", args=[message.pk]))
        message.refresh_from_db()
        assert not message.is_hidden and message.hidden_reason == ""
        kinds = list(ModerationAction.objects.order_by("id").values_list("kind", flat=True))
        assert kinds == ["hide_message", "unhide_message"]

    def test_hiding_needs_a_reason(self, client):
        thread = start(make_dossier(), make_contributor())
        message = thread.messages.get()
        client.force_login(make_moderator())
        client.post(reverse("discussions:hide", args=[message.pk]), {"reason": ""})
        message.refresh_from_db()
        assert not message.is_hidden and not ModerationAction.objects.exists()

    def test_only_moderators_hide_or_lock(self, client):
        user = make_contributor()
        thread = start(make_dossier(), user)
        message = thread.messages.get()
        client.force_login(user)
        hide = reverse("discussions:hide", args=[message.pk])
        assert client.post(hide, {"reason": "non"}).status_code == 403
        lock = reverse("discussions:lock", args=[thread.pk])
        assert client.post(lock, {"locked": "1", "reason": "non"}).status_code == 403
        with pytest.raises(PermissionDenied):
            actions.set_hidden(message, moderator=user, hidden=True, reason="non")
        with pytest.raises(PermissionDenied):
            actions.set_locked(thread, moderator=user, locked=True, reason="non")
        message.refresh_from_db()
        thread.refresh_from_db()
        assert not message.is_hidden and not thread.is_locked

    def test_a_locked_thread_takes_no_reply_and_keeps_the_text(self, client):
        author = make_contributor()
        thread = start(make_dossier(), author)
        moderator = make_moderator()
        client.force_login(moderator)
        lock = reverse("discussions:lock", args=[thread.pk])
        client.post(lock, {"locked": "1", "reason": "hors sujet"})
        thread.refresh_from_db()
        assert thread.is_locked and thread.locked_reason == "hors sujet"
        assert ModerationAction.objects.get().kind == ModerationAction.Kind.LOCK
        client.force_login(author)
        response = client.post(thread.get_absolute_url(), {"body": "Ma réponse gardée"})
        assert response.status_code == 403
        assert fr("Cette discussion est verrouillée") in response.text
        assert "Ma réponse gardée" in response.text
        assert thread.messages.count() == 1
        # The author can no longer edit their message either.
        message = thread.messages.get()
        with pytest.raises(PermissionDenied):
            actions.edit(message, user=author, body="Autre")
        client.force_login(moderator)
        client.post(lock, {"locked": "0"})
        thread.refresh_from_db()
        assert not thread.is_locked
        assert ModerationAction.objects.first().kind == ModerationAction.Kind.UNLOCK


def test_a_thread_shows_how_many_messages_are_new_since_the_last_visit(client):
    dossier = make_dossier()
    reader = make_contributor("lectrice")
    thread = start(dossier, make_contributor("alice"))
    client.force_login(reader)
    assert fr("non lue") in client.get(list_url(dossier)).text
    client.get(thread.get_absolute_url())
    assert Visit.objects.get(user=reader, thread=thread).seen == 1
    page = client.get(list_url(dossier)).text
    assert fr("non lue") not in page and "nouveau message" not in page
    for n in range(2):
        actions.reply(thread, user=thread.author, body=f"Suite {n}")
    assert "2 nouveaux messages" in client.get(list_url(dossier)).text
    page = client.get(thread.get_absolute_url()).text
    assert "2 nouveaux messages" in page and 'href="#message-2"' in page
    assert page.count("message-new") == 2
    assert "message-new" not in client.get(thread.get_absolute_url()).text
    assert "nouveaux messages" not in client.get(list_url(dossier)).text


def test_a_visit_never_moves_back():
    reader = make_contributor("lectrice")
    thread = start(make_dossier(), make_contributor("alice"))
    actions.reply(thread, user=thread.author, body="Deux")
    thread.refresh_from_db()
    actions.record_visit(reader, thread)
    stale = Thread.objects.get(pk=thread.pk)
    stale.message_count = 1  # a page read before the reply
    actions.record_visit(reader, stale)
    assert Visit.objects.get(user=reader, thread=thread).seen == 2


class TestProposals:
    def propose(self, client, dossier, user):
        client.force_login(user)
        data = {
            "city": dossier.city.insee_code,
            "title": dossier.title,
            "summary": dossier.summary,
            "stage": dossier.stage,
            "body": dossier.body + "\n\nUn ajout.",
            "edit_summary": "Ajout",
            "base_version": dossier.version,
        }
        client.post(reverse("dossiers:edit", args=[dossier.slug]), data)
        return ChangeRequest.objects.get()

    def test_discussing_a_proposal_opens_a_thread_shown_to_its_reviewer(self, client):
        dossier = make_dossier()
        author = make_contributor("alice")
        change = self.propose(client, dossier, author)
        page = client.get(change.get_absolute_url()).text
        start_url = f"{list_url(dossier)}?proposition={change.pk}"
        assert start_url in page.replace("&amp;", "&")
        form = client.get(start_url).text
        assert f'name="change_request" value="{change.pk}"' in form
        client.post(
            list_url(dossier),
            {
                "title": "Pourquoi cet ajout",
                "body": "Voici ma source.",
                "change_request": change.pk,
            },
        )
        thread = Thread.objects.get()
        assert thread.change_request == change
        client.force_login(make_moderator())
        page = client.get(change.get_absolute_url()).text
        assert thread.get_absolute_url() in page and "Pourquoi cet ajout" in page

    def test_others_cannot_tie_a_thread_to_a_proposal_they_cannot_see(self, client):
        dossier = make_dossier()
        change = self.propose(client, dossier, make_contributor("alice"))
        client.force_login(make_contributor("bruno"))
        response = client.post(
            list_url(dossier),
            {"title": "Curieux", "body": "Je vois ?", "change_request": change.pk},
        )
        assert response.status_code == 403
        assert not Thread.objects.exists()


class TestNotifications:
    def test_watchers_are_told_of_new_threads_and_replies_but_not_of_their_own(self, settings):

        settings.SITE_URL = "https://villes.example"
        dossier = make_dossier(title="Safe City")
        lea = make_user("lea", email="lea@example.org")
        Subscription.objects.create(user=lea, frequency="immediate")
        watching.watch(lea, dossier)
        thread = start(dossier, make_contributor("alice"), title="La maintenance")
        actions.reply(thread, user=lea, body="Ma propre réponse")
        hidden = actions.reply(thread, user=thread.author, body="Masqué")
        actions.set_hidden(hidden, moderator=make_moderator(), hidden=True, reason="Doublon")
        assert send_due(later()).sent == 1
        (message,) = mail.outbox
        assert (
            fr("Villes sous surveillance : un message dans ce que vous suivez") == message.subject
        )
        opened = fr("« La maintenance » (Safe City) : nouvelle discussion ouverte par alice")
        assert opened in message.body
        assert f"https://villes.example{thread.messages.get(number=1).get_absolute_url()}" in (
            message.body
        )
        assert "Ma propre réponse" not in message.body and "réponse de lea" not in message.body
        assert "réponse de alice" not in message.body  # the hidden one

    def test_posting_watches_the_subject_unless_turned_off(self):

        dossier, source = make_dossier(), make_source()
        alice, bruno = make_contributor("alice"), make_contributor("bruno")
        Subscription.objects.create(user=bruno, watch_own_edits=False)
        start(dossier, alice)
        start(source, bruno)
        assert watching.is_watching(alice, dossier)
        assert not watching.is_watching(bruno, source)


def test_the_demo_opens_its_discussion_once_citing_the_forum(valenciennes_demo, client):
    from django.core.management import call_command

    call_command("load_demo_discussion")
    call_command("load_demo_discussion")
    thread = Thread.objects.get()
    assert thread.subject.city.name == "Valenciennes"
    assert thread.message_count == 3
    assert all(
        "technopolice-forum-valenciennes" in message.cited_keys for message in thread.messages.all()
    )
    page = client.get(thread.get_absolute_url()).text
    request_url = thread.subject.request_links.get().request.get_absolute_url()
    assert request_url in page and "euros pour trois ans" in page


# The subject, the threads' page (and its count) and, signed in, the session, the user,
# their two permission lookups and their visits; a thread's page: the subject, the
# thread, the page of messages (and its count), their sources, and, signed in, the
# session, the user, the permissions, the last visit and the new one (two writes).
DISCUSSION_BUDGETS = {"list": 3, "list-signed-in": 8, "thread": 5, "thread-signed-in": 12}


@pytest.mark.parametrize("signed_in", [False, True])
def test_discussion_pages_cost_the_same_whatever_their_length(
    client, django_assert_max_num_queries, signed_in
):
    suffix = "-signed-in" if signed_in else ""
    if signed_in:
        client.force_login(make_contributor("lectrice"))
    source = make_source("une-source")
    counted = {}
    for size in (1, 30):
        dossier = make_dossier()
        threads = []
        for n in range(size):
            thread = start(dossier, make_contributor(f"auteur{size}-{n}"), title=f"Fil {n}")
            threads.append(thread)
        for n in range(size):
            actions.reply(threads[0], user=threads[n].author, body=f"Voir [@{source.key}] {n}")
        for page, url in (("list", list_url(dossier)), ("thread", threads[0].get_absolute_url())):
            with django_assert_max_num_queries(DISCUSSION_BUDGETS[page + suffix]) as queries:
                assert client.get(url).status_code == 200
            counted.setdefault(page, []).append(len(queries))
    assert counted["list"][0] == counted["list"][1]
    assert counted["thread"][0] == counted["thread"][1]


def test_a_message_may_cite_a_request_for_documents_as_a_dossier_does(client):
    from tests.factories import make_document_request

    dossier = make_dossier()
    request = make_document_request(dossiers=[dossier], title="Le bilan")
    thread = start(dossier, make_contributor(), body=f"Nous l’attendons [@{request.key}].")
    page = client.get(thread.get_absolute_url()).text
    assert request.get_absolute_url() in page
    assert fr("à confirmer : demande de documents en cours depuis le") in page
    assert "Source inconnue" not in page
