"""A reader compares the Valenciennes sheet's money and camera counts; a trusted
contributor adds a funding line that the threshold check flags."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG
from tests.personas import make_trusted

pytestmark = pytest.mark.browser


def test_a_reader_reads_the_funding_and_the_disputed_camera_counts(page, demo_site, screenshot):
    page.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/")
    page.locator(".outline").get_by_role("link", name="Lignes de financement").click()
    funding = page.locator("section[aria-labelledby='fiche-financements']")
    expect(funding.get_by_role("heading", level=2)).to_be_in_viewport()
    lines = funding.locator("table.funding tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Huawei → Ville de Valenciennes")
    expect(lines.nth(0)).to_contain_text("2 000 000 €")
    expect(lines.nth(0).locator(".badge")).to_have_text(["estimation", "en nature"])
    maintenance = lines.nth(1)
    expect(maintenance).to_contain_text("Ville de Valenciennes → Huawei")
    expect(maintenance).to_contain_text("24 000 €")
    expect(maintenance.locator(".threshold-flag")).to_contain_text(
        "Juste sous le seuil : 4,0 % sous 25 000 € HT"
    )
    # The text in force in February 2017, its period, and what the flag assumes.
    expect(maintenance.locator(".threshold-flag")).to_contain_text("2016-360")
    expect(maintenance.locator(".threshold-flag")).to_contain_text("si le montant est HT")
    payer_totals = funding.locator("table.totals").first
    expect(payer_totals.locator("tr", has_text="Ville de Valenciennes")).to_contain_text("24 000 €")
    funding.screenshot(path=str(screenshot.folder / "20-funding-section.png"))

    # The sources behind the maintenance line are numbered references of the dossier.
    maintenance.locator("sup.citation a").first.click()
    expect(page).to_have_url(re.compile(r"#ref-\d+$"))
    expect(page.locator("li:target")).to_contain_text("Valenciennes")

    page.locator(".outline").get_by_role("link", name="Chiffres").click()
    cameras = page.locator("table.figures").filter(has_text="Nombre de caméras")
    values = cameras.locator("tbody tr td.figure-value strong")
    # In date order; the counts no source dates come last, and say so.
    expect(values).to_have_text(["217", "240", "230", "361", "160", "270", "323"])
    latest = cameras.locator("tbody tr").nth(3)
    expect(latest).to_contain_text("2021")
    expect(latest.locator("td").last).to_have_text("8,3")
    expect(cameras.locator("tbody tr").last).to_contain_text("date non précisée")
    expect(page.locator("table.figures").filter(has_text="flux vidéo")).to_contain_text("450")
    page.locator("section[aria-labelledby='fiche-chiffres']").screenshot(
        path=str(screenshot.folder / "21-camera-counts.png")
    )


def test_the_sheet_reads_on_a_phone(browser, demo_site, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/#fiche-financements")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    expect(page.locator("table.funding tbody tr").nth(1)).to_contain_text("Juste sous le seuil")
    page.screenshot(path=str(screenshot.folder / "22-funding-phone.png"))
    context.close()


def test_a_trusted_contributor_adds_a_line_that_gets_flagged(page, demo_site, screenshot):
    make_trusted("tristan")
    page.goto(f"{demo_site.url}/compte/connexion/?next=/dossiers/{DEMO_SLUG}/")
    page.get_by_label("Nom d’utilisateur").fill("tristan")
    page.get_by_label(re.compile(r"^Mot de passe")).fill("pw-tristan")
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Ajouter une ligne de financement").click()
    page.locator("#id_payer").fill("ville de valenciennes")
    page.locator("#id_recipient").fill("Huawe")  # a typo
    page.locator("#id_instrument").select_option("adapted_procedure")
    page.locator("#id_amount").fill("38 500")
    page.locator("#id_tax_basis").select_option("excl")
    page.locator("#id_start").fill("03/2021")
    page.locator("#id_description").fill("Extension du centre de supervision")
    page.locator("#id_source_keys").fill("la-voix-du-nord-maire-fournisseur")
    page.locator("#id_edit_summary").fill("Marché d’extension")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".errorlist")).to_contain_text("Vouliez-vous dire : Huawei ?")
    expect(page.locator("#id_amount")).to_have_value("38 500")
    screenshot(page, "23-funding-form-error")

    page.locator("#id_recipient").fill("Huawei")
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator(".preview .threshold-flag")).to_contain_text("sous 40 000 € HT")
    page.get_by_role("button", name="Publier").click()
    expect(page).to_have_url(re.compile(r"#fundingline-\d+$"))
    added = page.locator("table.funding tbody tr", has_text="Extension du centre")
    expect(added).to_contain_text("38 500 € HT")
    expect(added.locator(".threshold-flag")).to_contain_text("3,8 % sous 40 000 € HT")
