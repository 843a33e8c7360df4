"""Every page type, in French and in English, has no axe-core violation (issue 16)."""

import pytest
from django.test import Client

from dossiers.demo import DEMO_SLUG
from dossiers.models import Dossier
from tests.browser.accessibility import axe_violations
from tests.personas import make_contributor, make_moderator
from tests.review_helpers import propose_edit
from tests.site_pages import contributor_pages, in_english, moderator_pages, public_pages

pytestmark = pytest.mark.browser


def signed_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def check(page, base_url, pages, screenshot=None, prefix=""):
    found = {}
    for name, path in pages:
        for language, address in (("fr", path), ("en", in_english(path))):
            response = page.goto(base_url + address)
            assert response.status == 200, (name, language)
            violations = axe_violations(page)
            if violations:
                found[f"{name} ({language})"] = violations
            if screenshot and language == "en":
                screenshot(page, f"{prefix}{name.replace(' ', '-')}-en")
    return found


def test_public_pages_have_no_accessibility_violation(page, demo_site, screenshot):
    assert check(page, demo_site.url, public_pages(), screenshot, prefix="50-") == {}


def test_pages_of_contributors_and_moderators_have_none_either(browser, demo_site):
    contributor = make_contributor()
    proposal = propose_edit(
        contributor, Dossier.objects.get(slug=DEMO_SLUG), summary="Résumé retouché."
    )
    context = signed_in_context(browser, demo_site, contributor)
    found = check(
        context.new_page(),
        demo_site.url,
        [*contributor_pages(), ("proposal", proposal.get_absolute_url())],
    )
    context.close()
    context = signed_in_context(browser, demo_site, make_moderator())
    found.update(
        check(
            context.new_page(),
            demo_site.url,
            [*moderator_pages(), ("proposal, moderator", proposal.get_absolute_url())],
        )
    )
    context.close()
    assert found == {}


def test_a_phone_sees_no_violation_on_the_dossier_and_the_map(browser, demo_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    wanted = {"dossier", "dossier history", "revision", "map"}
    pages = [(name, path) for name, path in public_pages() if name in wanted]
    assert len(pages) == len(wanted)
    found = check(context.new_page(), demo_site.url, pages)
    context.close()
    assert found == {}


def test_error_pages_and_forms_with_errors_have_none_either(page, demo_site):
    found = {}
    for language, prefix in (("fr", ""), ("en", "/en")):
        response = page.goto(f"{demo_site.url}{prefix}/dossiers/nulle-part/")
        assert response.status == 404
        if violations := axe_violations(page):
            found[f"404 ({language})"] = violations
        page.goto(f"{demo_site.url}{prefix}/compte/inscription/")
        page.locator("#id_username").fill("lea")
        page.locator("#id_password1").fill("un mot de passe assez long")
        page.locator("#id_password2").fill("un autre mot de passe")
        page.locator(
            "form.account-form button[type=submit], main form button[type=submit]"
        ).last.click()
        page.wait_for_load_state()
        assert page.locator(".errorlist").count() > 0
        if violations := axe_violations(page):
            found[f"sign-up with errors ({language})"] = violations
    assert found == {}
