"""A moderator compares, hides and protects; the public sees the result."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG
from tests.personas import make_moderator

pytestmark = pytest.mark.browser


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label(re.compile(r"^Mot de passe")).fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()


def test_moderator_hides_a_revision_and_locks_the_dossier(browser, demo_site, screenshot):
    make_moderator("morgane")
    dossier_url = f"{demo_site.url}/dossiers/{DEMO_SLUG}/"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    log_in(page, demo_site.url, "morgane", "pw-morgane")

    page.goto(f"{dossier_url}historique/")
    rows = page.locator("table.history tbody tr")
    rows.nth(2).locator('input[name="de"]').check()
    rows.nth(0).locator('input[name="a"]').check()
    screenshot(page, "20-history-moderator")
    page.get_by_role("button", name="Comparer les révisions cochées").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Révisions n° 1 et n° 3")
    expect(page.locator(".field-diff ins").first).to_be_visible()
    screenshot(page, "21-compare-1-3")

    page.goto(f"{dossier_url}historique/")
    rows.nth(2).get_by_role("link", name="n° 1").click()
    page.get_by_label("Motif", exact=True).fill("Données personnelles")
    page.get_by_role("button", name="Masquer au public").click()
    expect(page.locator(".messages")).to_contain_text("Révision masquée")
    expect(page.locator(".notice-warning")).to_contain_text("Vous le voyez parce que")
    screenshot(page, "22-revision-hidden-moderator")

    page.goto(f"{dossier_url}protection/")
    page.get_by_label("verrouillé : modération seulement").check()
    page.get_by_label("Motif, affiché sur le dossier").fill("Guerre d’édition en cours")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".protection-notice")).to_contain_text("Guerre d’édition en cours")

    page.goto(f"{demo_site.url}/contributeurs/equipe-demo/")
    expect(page.locator(".moderation-panel")).to_contain_text("Contributeur")
    screenshot(page, "23-profile-moderator")
    page.goto(f"{demo_site.url}/moderation/journal/")
    expect(page.locator("table tbody tr")).to_have_count(2)
    screenshot(page, "24-moderation-log")
    context.close()

    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = public.new_page()
    page.goto(f"{dossier_url}historique/")
    hidden_row = page.locator("table.history tbody tr").nth(2)
    expect(hidden_row).to_contain_text("Contenu masqué par la modération : Données personnelles")
    expect(hidden_row).not_to_contain_text("Création de la fiche")
    no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_scroll, "the history page scrolls sideways on a phone"
    screenshot(page, "25-history-public-phone")
    hidden_row.get_by_role("link", name="n° 1").click()
    expect(page.locator(".prose")).to_have_count(0)
    expect(page.locator(".notice-warning")).to_contain_text("masqué par la modération")
    page.goto(dossier_url)
    expect(page.locator(".protection-notice")).to_contain_text("Dossier verrouillé")
    screenshot(page, "26-dossier-locked-phone")
    public.close()
