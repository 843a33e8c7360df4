"""/carte/ in a real browser (issue 19): nothing requested outside the site, Nord
shaded and leading to its dossiers, the filters' form, a 390 px phone and paper."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from cities.models import Department
from dossiers.demo import DEMO_SLUG
from dossiers.models import TechnologyUse
from tests.browser.accessibility import axe_violations
from tests.browser.origin import requests_elsewhere

pytestmark = pytest.mark.browser


def fill_of(locator):
    return locator.evaluate("element => getComputedStyle(element).fill")


def test_nord_is_shaded_and_leads_to_the_valenciennes_dossier(page, demo_site, screenshot):
    elsewhere = requests_elsewhere(page, demo_site.url)
    page.goto(f"{demo_site.url}/carte/")
    nord = page.locator('svg.department-map a[data-code="59"]')
    blank = page.locator('svg.department-map a[data-code="62"] path')
    assert fill_of(nord.locator("path")) != fill_of(blank)
    assert fill_of(blank) == "rgb(255, 255, 255)"
    # The département is a link named by its count, for a screen reader too.
    expect(page.get_by_role("link", name="Nord : 1 dossier publié")).to_have_count(1)
    assert page.locator("svg.department-map a[data-code]").count() == 101
    assert axe_violations(page) == []
    screenshot(page, "70-map")
    nord.click()
    page.wait_for_url("**/dossiers/?department=*")
    department = Department.objects.get(code="59")
    assert parse_qs(urlsplit(page.url).query) == {"department": [str(department.pk)]}
    expect(page.locator(f'.dossier-card a[href="/dossiers/{DEMO_SLUG}/"]')).to_have_count(1)
    # Valenciennes' mark leads to the list of its dossiers.
    page.go_back()
    page.locator('svg.department-map a[data-commune="59606"]').click()
    page.wait_for_url("**/dossiers/?commune=59606")
    expect(page.locator(f'.dossier-card a[href="/dossiers/{DEMO_SLUG}/"]')).to_have_count(1)
    assert elsewhere == []


def test_the_filters_redraw_the_map_and_keep_their_address(page, demo_site, screenshot):
    elsewhere = requests_elsewhere(page, demo_site.url)
    page.goto(f"{demo_site.url}/carte/")
    use = TechnologyUse.objects.order_by("pk").first()
    page.select_option("#id_technology", use.technology.slug)
    page.select_option("#id_status", "abandoned")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    # Empty fields stay out of the address (static/js/filters.js): it can be bookmarked.
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"technology": [use.technology.slug], "status": ["abandoned"]}
    nord = page.locator('svg.department-map a[data-code="59"]')
    assert fill_of(nord.locator("path")) == "rgb(255, 255, 255)"
    expect(page.locator(".map-table")).to_have_count(0)
    page.select_option("#id_status", use.status)
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    assert fill_of(nord.locator("path")) != "rgb(255, 255, 255)"
    expect(page.locator(".map-table tbody tr")).to_have_count(1)
    href = nord.get_attribute("href")
    assert parse_qs(urlsplit(href).query)["status"] == [use.status]
    screenshot(page, "71-map-filtered")
    assert elsewhere == []


def test_a_phone_sees_the_whole_map_and_paper_gets_it_without_the_filters(
    browser, page, demo_site, screenshot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    elsewhere = requests_elsewhere(phone, demo_site.url)
    phone.goto(f"{demo_site.url}/carte/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("svg.department-map").bounding_box()
    assert box["width"] > 330 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Filters fold away: the map is on the first screen.
    assert box["y"] < 844
    screenshot(phone, "72-phone-map")
    context.close()
    assert elsewhere == []

    page.goto(f"{demo_site.url}/carte/")
    page.emulate_media(media="print")
    expect(page.locator("aside.filters")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    svg = page.locator("svg.department-map")
    assert svg.bounding_box()["width"] > 500
    # The shades print: the browser is told to keep the colours.
    adjust = svg.evaluate("svg => getComputedStyle(svg).printColorAdjust")
    assert adjust == "exact"
    expect(page.locator(".map-table")).to_be_visible()
    screenshot(page, "73-map-print")
    assert len(page.pdf(format="A4")) > 10_000


def test_the_home_page_map_leads_to_the_full_one(page, demo_site, screenshot):
    elsewhere = requests_elsewhere(page, demo_site.url)
    page.goto(f"{demo_site.url}/")
    link = page.locator("a.home-map")
    expect(link.locator('path[class="level-1"]')).to_have_count(1)
    screenshot(page, "74-home-map")
    link.click()
    page.wait_for_url("**/carte/")
    expect(page.locator("h1")).to_have_text("Carte des dossiers")
    assert elsewhere == []
