"""One history for every reviewed type: a moderator hides a source's past revision
through the same pages as a dossier's, and the public sees the tombstone on a phone."""

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_USERNAME
from sources.models import Source
from tests.browser.test_moderation_tools import log_in
from tests.personas import make_moderator

pytestmark = pytest.mark.browser


def test_a_moderator_hides_a_sources_past_revision(browser, demo_site, screenshot):
    make_moderator("morgane")
    source = Source.objects.order_by("id").first()
    source.notes = "Une note qui nomme une personne privée."
    source.save_revision(user=None, reason="Note avec un nom")
    source.notes = "Une note sans nom."
    source.save_revision(user=None, reason="Note corrigée")
    history_url = f"{demo_site.url}/sources/{source.key}/historique/"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    log_in(page, demo_site.url, "morgane", "pw-morgane")
    page.goto(history_url)
    expect(page.locator("table.history .size").first).to_be_visible()
    screenshot(page, "40-source-history-moderator")
    page.locator("table.history tbody tr").nth(1).get_by_role("link", name="n° 2").click()
    page.get_by_label("Motif", exact=True).fill("Donnée personnelle")
    page.get_by_role("button", name="Masquer au public").click()
    expect(page.locator(".messages")).to_contain_text("Révision masquée")
    screenshot(page, "41-source-revision-hidden-moderator")
    context.close()

    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    phone = public.new_page()
    phone.goto(history_url)
    hidden_row = phone.locator("table.history tbody tr").nth(1)
    expect(hidden_row).to_contain_text("Contenu masqué par la modération : Donnée personnelle")
    expect(phone.locator("body")).not_to_contain_text("Note avec un nom")
    screenshot(phone, "42-source-history-public-phone")
    phone.goto(f"{demo_site.url}/contributeurs/{DEMO_USERNAME}/")
    expect(phone.locator("table")).to_contain_text("Source")
    expect(phone.locator("table")).to_contain_text("Acteur")
    screenshot(phone, "43-profile-every-kind-phone")
    public.close()
