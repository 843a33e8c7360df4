"""A contributor proposes an edit, a moderator approves it, the public sees exactly it."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG
from tests.personas import make_moderator

pytestmark = pytest.mark.browser

OLD = "coûte **24 000 euros pour trois ans**"
NEW = "coûte **24 000 euros pour trois ans, de 2017 à 2020**"
SHOWN = "24 000 euros pour trois ans, de 2017 à 2020"


def test_a_proposed_edit_goes_through_review_to_the_public(browser, demo_site, screenshot):
    make_moderator("morgane")
    dossier_url = f"{demo_site.url}/dossiers/{DEMO_SLUG}/"

    # A newcomer signs up from the dossier and proposes a precise change.
    contributor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = contributor.new_page()
    page.goto(dossier_url)
    page.locator(".page-actions").get_by_role("link", name="Modifier").click()
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next="))
    page.get_by_role("main").get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label(re.compile(r"^Mot de passe")).fill("une phrase de passe solide")
    page.get_by_label("Confirmation du mot de passe").fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page).to_have_url(f"{dossier_url}modifier/")
    body = page.get_by_label("Texte")
    body.fill(body.input_value().replace(OLD, NEW))
    page.get_by_label("Résumé de la modification").fill("Période de la maintenance")
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator(".preview .prose")).to_contain_text(SHOWN)
    screenshot(page, "10-edit-preview")
    page.get_by_role("button", name="Proposer cette modification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("en attente")
    expect(page.locator(".field-diff ins")).to_have_text([", de 2017 à 2020"])
    screenshot(page, "11-change-pending")
    page.goto(dossier_url)
    expect(page.locator(".pending-notice")).to_contain_text("attend une relecture")
    expect(page.locator(".prose")).not_to_contain_text("de 2017 à 2020")
    contributor.close()

    # A moderator finds it in the queue and approves it.
    moderation = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = moderation.new_page()
    page.goto(f"{demo_site.url}/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("morgane")
    page.get_by_label(re.compile(r"^Mot de passe")).fill("pw-morgane")
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Relecture").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("camille")
    screenshot(page, "12-queue")
    rows.first.get_by_role("link").first.click()
    expect(page.locator(".field-diff ins")).to_have_text([", de 2017 à 2020"])
    screenshot(page, "13-change-moderator")
    page.get_by_role("button", name="Accepter et publier").click()
    expect(page).to_have_url(dossier_url)
    expect(page.locator(".messages")).to_contain_text("Proposition acceptée")
    moderation.close()

    # The public reads it, and the history's diff shows exactly that change.
    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = public.new_page()
    page.goto(dossier_url)
    expect(page.locator(".prose")).to_contain_text(SHOWN)
    expect(page.locator(".revision-line")).to_contain_text("par camille")
    page.get_by_role("link", name="Historique des modifications").click()
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Période de la maintenance")
    expect(rows.first).to_contain_text("+16")
    rows.first.get_by_role("link", name="diff").click()
    expect(page.locator(".field-diff")).to_have_count(1)
    expect(page.locator(".field-diff ins")).to_have_text([", de 2017 à 2020"])
    expect(page.locator(".field-diff del")).to_have_count(0)
    no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_scroll, "the diff page scrolls sideways on a phone"
    screenshot(page, "14-public-diff-phone")
    public.close()


def test_the_commune_field_suggests_as_one_types(page, demo_site, screenshot):
    from tests.personas import make_contributor

    make_contributor("camille")
    page.goto(f"{demo_site.url}/compte/connexion/?next=/dossiers/nouveau/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label(re.compile(r"^Mot de passe")).fill("pw-camille")
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    field = page.get_by_role("combobox", name="Commune")
    field.press_sequentially("valenc", delay=30)
    expect(page.locator("#id_city-suggestions option")).to_have_count(1)
    assert page.locator("#id_city-suggestions option").get_attribute("value") == (
        "Valenciennes (59)"
    )
    field.fill("Valenciennes (59)")
    page.get_by_label("Titre").fill("Drones de la police municipale")
    page.locator("#id_summary").fill("Des drones survolent la ville.")
    page.get_by_label("Résumé de la modification").fill("Nouveau dossier")
    page.get_by_role("button", name="Proposer cette modification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("en attente")
    expect(page.locator(".facts")).to_contain_text("Création : Drones de la police municipale")
    screenshot(page, "15-creation-pending")
