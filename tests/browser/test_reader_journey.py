"""A reader finds the Valenciennes dossier from the home page, as a person would."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG

pytestmark = pytest.mark.browser


def test_a_reader_finds_the_valenciennes_dossier_and_its_history(page, demo_site, screenshot):
    page.goto(demo_site.url + "/")
    screenshot(page, "01-home")

    page.get_by_label("Chercher une commune (nom, code postal ou code INSEE)").fill("Valenciennes")
    page.get_by_role("button", name="Chercher").click()
    expect(page).to_have_url(re.compile(r"/communes/\?q=Valenciennes"))
    expect(page.locator(".result-count")).to_contain_text("1 commune trouvée")
    screenshot(page, "02-search")

    page.locator(".results").get_by_role("link", name="Valenciennes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valenciennes")
    expect(page.locator(".facts")).to_contain_text("43\u00a0468 habitants")
    screenshot(page, "03-city")

    page.get_by_role("link", name="Valenciennes : la « Safe City » offerte par Huawei").click()
    expect(page).to_have_url(demo_site.url + f"/dossiers/{DEMO_SLUG}/")
    financing = page.locator(".dossier-text h2", has_text="Financement")
    expect(financing).to_be_visible()
    expect(page.locator(".prose")).to_contain_text("coûte 24 000 euros pour trois ans")
    screenshot(page, "04-dossier")

    page.get_by_role("link", name="Historique des modifications").click()
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("actuelle")
    expect(rows.last).to_contain_text("Création de la fiche")
    screenshot(page, "05-history")

    rows.last.get_by_role("link", name="n° 1").click()
    expect(page.locator(".notice")).to_contain_text("Ce n’est pas la version actuelle.")
    expect(page.locator(".prose")).to_contain_text("24 000 euros")
    expect(page.locator(".prose")).not_to_contain_text("avertissement")
    screenshot(page, "06-first-revision")


def test_pages_make_no_request_to_another_host(page, demo_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", f"/dossiers/{DEMO_SLUG}/", "/communes/?q=valenciennes"):
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
    assert requested
    assert [url for url in requested if not url.startswith(demo_site.url)] == []


def test_the_dossier_fits_a_phone_screen(browser, demo_site, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    for path, name in (
        (f"/dossiers/{DEMO_SLUG}/", "07-phone-dossier"),
        (f"/dossiers/{DEMO_SLUG}/historique/", "08-phone-history"),
    ):
        phone.goto(demo_site.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        screenshot(phone, name)
    # On a phone each revision is a card: its cells stack instead of squeezing.
    cell = phone.locator("table.history tbody td").nth(1)
    assert cell.evaluate("element => getComputedStyle(element).display") == "block"
    context.close()


def test_the_printed_dossier_drops_navigation_and_shows_link_targets(page, demo_site, screenshot):
    page.goto(demo_site.url + f"/dossiers/{DEMO_SLUG}/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    link_suffix = page.evaluate(
        "getComputedStyle(document.querySelector('.prose a[href^=\"https\"]'), '::after').content"
    )
    assert link_suffix == (
        '" <https://www.valenciennes.fr/grands-projets/equipements/video-protection.html>"'
    )
    screenshot(page, "09-print")


def test_a_page_number_past_the_end_offers_the_way_back(page, demo_site, screenshot):
    response = page.goto(demo_site.url + "/communes/?q=valenc&page=9")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.locator("main")).to_contain_text("Cette liste ne compte qu’une page")
    screenshot(page, "14-page-out-of-range")

    page.get_by_role("link", name="Première page").click()
    expect(page).to_have_url(demo_site.url + "/communes/?q=valenc")
    expect(page.locator(".result-count")).to_contain_text("1 commune trouvée")
