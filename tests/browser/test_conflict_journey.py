"""Two trusted contributors edit the demo dossier at once: different passages merge,
the same passage gets a conflict page that shows both versions."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.demo import DEMO_SLUG
from dossiers.models import Dossier
from tests.personas import make_trusted

pytestmark = pytest.mark.browser


def signed_in(browser, site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{site.url}/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label(re.compile(r"^Mot de passe")).fill(f"pw-{username}")
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    return page


def edit(page, replace, by, summary):
    body = page.get_by_label("Texte")
    body.fill(body.input_value().replace(replace, by, 1))
    page.get_by_label("Résumé de la modification").fill(summary)


def test_two_editors_at_once(browser, demo_site, screenshot):
    make_trusted("premiere"), make_trusted("second")
    edit_url = f"{demo_site.url}/dossiers/{DEMO_SLUG}/modifier/"
    first, second = (signed_in(browser, demo_site, name) for name in ("premiere", "second"))
    for page in (first, second):
        page.goto(edit_url)
    paragraphs = [p for p in Dossier.objects.get().body.split("\n\n") if len(p) > 80]
    early, late = paragraphs[1][:40], paragraphs[-1][:40]

    edit(first, early, early + " [premiere]", "Précision de la première")
    first.get_by_role("button", name="Publier").click()
    edit(second, late, late + " [second]", "Précision du second")
    second.get_by_role("button", name="Publier").click()
    expect(second.locator(".messages")).to_contain_text("fusionnées automatiquement")
    body = Dossier.objects.get().body
    assert "[premiere]" in body and "[second]" in body

    # Both now rewrite the same sentence.
    for page in (first, second):
        page.goto(edit_url)
    edit(first, late, late + " [encore premiere]", "Nouvelle version de la première")
    first.get_by_role("button", name="Publier").click()
    edit(second, late, late + " [encore second]", "Nouvelle version du second")
    second.get_by_role("button", name="Publier").click()
    notice = second.locator(".notice-warning")
    expect(notice).to_contain_text("Nouvelle version de la première")
    expect(notice.locator(".merge-mine")).to_contain_text("[encore second]")
    expect(notice.locator(".merge-theirs")).to_contain_text("[encore premiere]")
    expect(second.get_by_label("Texte")).to_have_value(re.compile(r"\[encore second\]"))
    screenshot(second, "30-edit-conflict")
