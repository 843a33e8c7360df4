"""What a reader sees on a 390 px phone and on paper (issue 16, part 6)."""

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


def caption_width(page):
    return page.locator("table.figures caption").first.evaluate(
        "caption => caption.getBoundingClientRect().width"
    )


def test_the_camera_table_caption_spans_the_phone_and_the_page(phone, page, demo_site, screenshot):
    phone.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/#fiche-chiffres")
    assert caption_width(phone) > 300
    screenshot(phone, "60-phone-figures")
    page.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/")
    page.emulate_media(media="print")
    assert caption_width(page) > 600
    expect(page.locator(".row-links").first).to_be_hidden()


def test_filters_fold_on_a_phone_so_results_come_first(phone, demo_site, screenshot):
    phone.goto(f"{demo_site.url}/dossiers/")
    toggle = phone.locator("details.filters-toggle")
    assert toggle.evaluate("details => details.open") is False
    first_result = phone.locator(".dossier-card").first.bounding_box()
    assert first_result["y"] < 844
    screenshot(phone, "61-phone-dossier-list")
    # Unfolded, the year field looks like the others.
    toggle.locator("summary").click()
    year, search = phone.locator("#id_year"), phone.locator("#id_q")
    style = (
        "field => [getComputedStyle(field).borderTopStyle, getComputedStyle(field).borderRadius]"
    )
    assert year.evaluate(style) == search.evaluate(style)


def test_a_filter_in_use_keeps_the_filters_open_and_links_drop_empty_fields(phone, demo_site):
    phone.goto(f"{demo_site.url}/communes/?q=&department=&region=&has_dossier=oui")
    assert phone.locator("details.filters-toggle").evaluate("details => details.open") is True
    # Submitting leaves the empty fields out of the address.
    phone.locator("form.filter-form button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/communes/?has_dossier=oui")


def test_a_pending_badge_stays_on_one_line(page, demo_site):
    page.goto(f"{demo_site.url}/dossiers/")
    page.evaluate(
        """document.body.insertAdjacentHTML("beforeend",
          '<div style="width:3rem"><span class="badge" id="narrow">en attente</span></div>'
          + '<div><span class="badge" id="wide">en attente</span></div>')"""
    )
    height = "badge => badge.getBoundingClientRect().height"
    assert page.locator("#narrow").evaluate(height) == page.locator("#wide").evaluate(height)
