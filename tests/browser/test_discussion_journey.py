"""A discussion in a real browser (issue 20): a contributor opens a thread from the
dossier's page, a second one replies and corrects their reply, the first sees what
is new; a moderator hides a message behind a tombstone and locks the thread."""

import pytest
from playwright.sync_api import expect

from core.typography import space_french as fr
from discussions.models import Message, Thread
from dossiers.demo import DEMO_SLUG
from review.models import ModerationAction
from tests.browser.accessibility import axe_violations
from tests.browser.origin import requests_elsewhere
from tests.browser.test_moderation_tools import log_in
from tests.personas import make_contributor, make_moderator

pytestmark = pytest.mark.browser


def signed_in(browser, demo_site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    log_in(page, demo_site.url, username, f"pw-{username}")
    return page


def test_a_discussion_from_first_message_to_lock(browser, demo_site, screenshot):
    make_contributor("alice")
    make_contributor("bruno")
    make_moderator("morgane")
    alice = signed_in(browser, demo_site, "alice")
    elsewhere = requests_elsewhere(alice, demo_site.url)
    alice.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/")
    alice.get_by_role("main").get_by_role("link", name="Discussion", exact=True).click()
    expect(alice.locator("h1")).to_contain_text("Valenciennes")
    expect(alice.locator(".discussion-licence")).to_contain_text(fr("la licence des fiches"))
    alice.get_by_label("Titre de la discussion").fill("Le bilan de l’expérimentation")
    alice.get_by_label("Message").fill("")
    alice.get_by_role("button", name="Publier").click()
    # The browser's own check stops an empty message; nothing is sent.
    assert Thread.objects.count() == 0
    alice.get_by_label("Message").fill(
        "La convention finissait en **janvier 2018** [@valenciennes-huawei-convention-2017-02]."
    )
    alice.get_by_role("button", name="Publier").click()
    expect(alice.locator("h1")).to_have_text("Le bilan de l’expérimentation")
    expect(alice.locator("#message-1 strong")).to_have_text("janvier 2018")
    expect(alice.locator("#message-1 .message-references li")).to_have_count(1)
    thread_url = alice.url

    bruno = signed_in(browser, demo_site, "bruno")
    bruno.goto(thread_url)
    bruno.get_by_label("Message").fill("Demandons le bilan à la mairie.")
    bruno.get_by_role("button", name="Publier la réponse").click()
    expect(bruno.locator("#message-2")).to_contain_text("Demandons le bilan")
    bruno.locator("#message-2").get_by_role("link", name="Modifier").click()
    bruno.get_by_label("Message").fill("Demandons le bilan et la suite donnée à la mairie.")
    bruno.get_by_role("button", name="Enregistrer").click()
    expect(bruno.locator("#message-2")).to_contain_text("la suite donnée")
    expect(bruno.locator("#message-2").get_by_role("link", name="modifié")).to_be_visible()

    alice.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/discussion/")
    mine = alice.locator(".thread-list li", has_text="Le bilan de l’expérimentation")
    expect(mine).to_contain_text("1 nouveau message")
    assert axe_violations(alice) == []
    screenshot(alice, "84-discussion-list")

    morgane = signed_in(browser, demo_site, "morgane")
    morgane.goto(thread_url)
    message = morgane.locator("#message-2")
    message.locator("summary", has_text="Masquer").click()
    message.get_by_label("Motif, affiché à la place du message").fill("hors sujet")
    message.get_by_role("button", name="Masquer ce message").click()
    expect(morgane.locator("#message-2 .tombstone")).to_have_text(
        fr("Message masqué par la modération : hors sujet")
    )
    morgane.locator(".moderation-box").get_by_label("Motif").fill("Discussion close")
    morgane.get_by_role("button", name="Verrouiller la discussion").click()
    expect(morgane.locator(".notice-warning")).to_contain_text("Discussion verrouillée")
    kinds = set(ModerationAction.objects.values_list("kind", flat=True))
    assert kinds == {"hide_message", "lock"}

    bruno.goto(thread_url)
    expect(bruno.locator("#message-2")).not_to_contain_text("la suite donnée")
    expect(bruno.locator("#site-reply")).to_contain_text(fr("Cette discussion est verrouillée"))
    expect(bruno.get_by_role("button", name="Publier la réponse")).to_have_count(0)
    assert axe_violations(bruno) == []
    screenshot(bruno, "85-discussion-locked")
    assert Message.objects.get(number=2).history.count() == 2
    assert elsewhere == []
