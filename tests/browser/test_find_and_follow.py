"""A reader searches the site and follows recent changes; a contributor watches the
dossier and finds its changes in their watchlist (issue 17), in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.citations import save_dossier_revision
from dossiers.demo import DEMO_SLUG
from dossiers.models import Dossier
from tests.browser.test_accessibility import signed_in_context
from tests.factories import make_user
from tests.personas import make_contributor

pytestmark = pytest.mark.browser


def test_a_reader_searches_without_accents_and_lands_on_the_dossier(page, demo_site, screenshot):
    page.goto(demo_site.url + "/dossiers/")
    box = page.get_by_role("searchbox", name="Chercher dans le site")
    box.fill("videosurveillance huawei")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=videosurveillance\+huawei"))
    first = page.locator(".search-result").first
    expect(first.locator("h4")).to_have_text("Valenciennes : la « Safe City » offerte par Huawei")
    expect(first.locator("mark").first).to_be_visible()
    screenshot(page, "60-search")
    first.locator("h4 a").click()
    expect(page).to_have_url(re.compile(rf"/dossiers/{DEMO_SLUG}/(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safe City")

    page.goto(demo_site.url + '/recherche/?q="')
    expect(page.locator(".results [role=alert]")).to_contain_text("Indiquez au moins un mot")
    screenshot(page, "61-search-nothing-to-find")


def test_recent_changes_list_the_demo_and_filter_by_commune(page, demo_site, screenshot):
    page.goto(demo_site.url + "/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Modifications"
    ).click()
    rows = page.locator("table.changes tbody tr:not(.day)")
    expect(rows.first).to_contain_text("Valenciennes")
    page.get_by_label("Commune (nom ou code INSEE)").fill("59606")
    page.get_by_label("Créations seulement").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"commune=59606"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Valenciennes")
    expect(rows.first.locator(".badge")).to_have_text("nouveau")
    feed = page.locator('link[type="application/atom+xml"]').first
    assert "commune=59606" in feed.get_attribute("href")
    screenshot(page, "62-recent-changes")
    rows.first.get_by_role("link", name="historique").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Historique")


def test_a_contributor_watches_the_dossier_and_sees_its_changes(browser, demo_site, screenshot):
    reader = make_contributor("lea")
    context = signed_in_context(browser, demo_site, reader, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/")
    page.get_by_role("button", name="Suivre").click()
    expect(page.locator(".messages")).to_contain_text("Vous suivez")
    expect(page.get_by_role("button", name="Ne plus suivre")).to_be_visible()

    dossier = Dossier.objects.get(slug=DEMO_SLUG)
    dossier.summary += " Une précision."
    save_dossier_revision(dossier, user=make_user("autrice"), reason="Précision du résumé")

    page.get_by_role("link", name="Mon suivi").click()
    expect(page.locator(".watched")).to_contain_text("Safe City")
    expect(page.locator("table.changes")).to_contain_text("Précision du résumé")
    page.get_by_label("à chaque modification", exact=False).check()
    page.get_by_label("Adresse e-mail").fill("lea@example.org")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("préférences de notification")
    screenshot(page, "63-watchlist")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "64-watchlist-phone")
    context.close()
