"""A reader follows a citation from the Valenciennes dossier to its source and back."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG

pytestmark = pytest.mark.browser

CONVENTION_KEY = "valenciennes-huawei-convention-2017-02"


def test_a_citation_leads_to_its_source_page_and_back(page, demo_site, screenshot):
    dossier_url = f"{demo_site.url}/dossiers/{DEMO_SLUG}/"
    page.goto(dossier_url)
    convention = page.locator("li[id^=ref-]", has_text="Convention entre la ville de Valenciennes")
    number = convention.get_attribute("id").removeprefix("ref-")
    call = page.locator(f'.dossier-text sup.citation a[href="#ref-{number}"]').first
    call.click()
    expect(page).to_have_url(f"{dossier_url}#ref-{number}")
    entry = page.locator(f"li#ref-{number}")
    expect(entry).to_be_in_viewport()
    # A title the sources do not give is a description, not a quotation.
    expect(entry).to_contain_text(
        "Ville de Valenciennes et Huawei, février 2017, Convention entre la ville"
    )
    expect(entry).not_to_contain_text("« Convention")
    screenshot(page, "10-dossier-references")

    entry.get_by_role("link", name="fiche de la source").click()
    expect(page).to_have_url(f"{demo_site.url}/sources/{CONVENTION_KEY}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Convention entre la ville")
    expect(page.locator("main")).to_contain_text("Titre descriptif")
    expect(page.locator(".facts")).to_contain_text(f"[@{CONVENTION_KEY}]")
    citing = page.locator(".citing-dossiers li")
    expect(citing).to_have_count(1)
    expect(citing).to_contain_text(f"référence n° {number}")
    screenshot(page, "11-source-page")

    citing.get_by_role("link").click()
    expect(page).to_have_url(f"{dossier_url}#ref-{number}")
    expect(page.locator(f"li#ref-{number}")).to_be_in_viewport()

    # The reference points back to where the text first cites it.
    page.locator(f"li#ref-{number} a.backlink").click()
    expect(page).to_have_url(re.compile(rf"#cite-{number}$"))
    expect(page.locator(f"#cite-{number}")).to_be_in_viewport()


def test_the_source_list_filters_the_demo_sources(page, demo_site, screenshot):
    page.goto(f"{demo_site.url}/sources/")
    expect(page.locator(".result-count")).to_contain_text("16 sources trouvées")
    page.get_by_label("Type").select_option("press")
    page.get_by_label("Année").fill("2021")
    page.get_by_role("button", name="Filtrer").click()
    # The press articles of 2021: only Mediapart's has a date the sources give.
    expect(page.locator(".source-card h3")).to_contain_text(
        ["Enquête de Mediapart sur la vidéosurveillance de Valenciennes"]
    )
    expect(page.locator(".result-count")).to_contain_text("1 source trouvée")
    screenshot(page, "12-source-list")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo_site.url}/sources/mediapart-2021-08-01/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "13-source-phone")


def test_a_duplicate_address_is_refused_on_the_form(page, demo_site, screenshot):
    from tests.personas import make_trusted

    make_trusted("tristan")
    page.goto(f"{demo_site.url}/compte/connexion/?next=/sources/nouvelle/")
    page.locator("#id_username").fill("tristan")
    page.locator("#id_password").fill("pw-tristan")
    page.get_by_role("button", name="Se connecter").click()
    page.locator("#id_kind").select_option("press")
    page.locator("#id_title").fill("Le même article, encore")
    page.locator("#id_url").fill(
        "https://WWW.mediapart.fr/journal/france/010821/"
        "videosurveillance-valenciennes-et-son-modele-de-safe-city-hors-la-loi?utm_source=x#a"
    )
    page.locator("#id_edit_summary").fill("Ajout")
    page.get_by_role("button", name="Publier").click()
    error = page.locator(".field.has-error .errorlist")
    expect(error).to_contain_text("Cette adresse est déjà enregistrée, sous la source")
    expect(error.get_by_role("link")).to_have_attribute("href", "/sources/mediapart-2021-08-01/")
    expect(page.locator("#id_title")).to_have_value("Le même article, encore")
    screenshot(page, "14-source-form-duplicate")
