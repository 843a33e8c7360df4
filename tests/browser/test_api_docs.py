"""The API's documentation page in a real browser: Swagger UI from this site's own
files draws every operation and runs one against the live API, with no script,
style or image refused by the Content-Security-Policy and no request elsewhere."""

import pytest

from dossiers.models import Dossier
from tests.browser.origin import requests_elsewhere

pytestmark = pytest.mark.browser


def test_the_documentation_page_works_under_the_sites_policy(demo_site, page, screenshot):
    console, elsewhere = [], requests_elsewhere(page, demo_site.url)
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(f"{demo_site.url}/api/docs/")
    dossiers = page.locator(".opblock-summary-path", has_text="/api/dossiers/{id}/")
    dossiers.wait_for()
    assert page.locator(".opblock-tag", has_text="communes").count() == 1
    # Try an operation: the browser asks the API and shows its answer.
    dossiers.click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("input[placeholder='id']").fill(str(Dossier.objects.get().pk))
    page.get_by_role("button", name="Execute").click()
    answer = page.locator(".live-responses-table tbody .response-col_status")
    answer.wait_for()
    assert "200" in answer.inner_text()
    body = page.locator(".live-responses-table tbody .response-col_description").inner_text()
    assert "Valenciennes" in body
    screenshot(page, "api-docs")
    assert [line for line in console if line.startswith("error")] == []
    assert elsewhere == []
