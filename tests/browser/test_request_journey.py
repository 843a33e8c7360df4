"""A request for documents through its life, in a real browser (issue 20): recorded
from its dossier's page, refused, referred to the CADA; the legal dates follow."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.typography import space_french as fr
from dossiers import deadlines
from dossiers.demo import DEMO_SLUG
from dossiers.models import DocumentRequest
from tests.browser.accessibility import axe_violations
from tests.browser.origin import requests_elsewhere
from tests.browser.test_moderation_tools import log_in
from tests.personas import make_trusted

pytestmark = pytest.mark.browser


def test_a_request_from_sending_to_the_cada(page, demo_site, screenshot):
    make_trusted("tristan")
    elsewhere = requests_elsewhere(page, demo_site.url)
    today = timezone.localdate()
    sent, refused, referred = (today - timedelta(days=days) for days in (45, 40, 5))
    log_in(page, demo_site.url, "tristan", "pw-tristan")
    page.goto(f"{demo_site.url}/dossiers/{DEMO_SLUG}/")
    page.get_by_role("link", name="Noter une demande pour ce dossier").click()
    expect(page.locator("#id_dossier_slugs")).to_have_value(DEMO_SLUG)
    page.locator("#id_title").fill("Marché de maintenance des caméras")
    page.locator("#id_administration").fill("ville de valenciennes")
    page.locator("#id_asked").fill("Le marché de maintenance et ses avenants.")
    page.locator("#id_documents").fill("Marché de maintenance\nAvenants")
    page.locator("#id_sent_on").fill((today + timedelta(days=3)).isoformat())  # a slip
    page.locator("#id_channel").select_option("online")
    page.locator("#id_public_url").fill("https://madada.fr/demande/marche-maintenance")
    page.locator("#id_edit_summary").fill("Demande envoyée")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".errorlist")).to_contain_text("Cette date est dans le futur.")
    expect(page.locator("#id_title")).to_have_value("Marché de maintenance des caméras")
    expect(page.locator("#id_documents")).to_have_value("Marché de maintenance\nAvenants")
    screenshot(page, "80-request-form-error")

    page.locator("#id_sent_on").fill(sent.isoformat())
    page.get_by_role("button", name="Publier").click()
    expect(page).to_have_url(re.compile(r"/demandes/demande-valenciennes-\d{4}-\d{2}/$"))
    request = DocumentRequest.objects.get(title="Marché de maintenance des caméras")
    expect(page.locator(".request-state")).to_contain_text("Sans réponse : refus implicite")
    expect(page.locator(".next-deadline")).to_contain_text("date limite pour saisir la CADA")

    page.get_by_role("link", name="Mettre à jour").click()
    page.locator("#id_state").select_option("refused")
    page.locator("#id_answered_on").fill(refused.isoformat())
    page.locator("#id_referred_on").fill((refused - timedelta(days=1)).isoformat())
    page.locator("#id_edit_summary").fill("Refus écrit de la mairie")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".errorlist")).to_contain_text("La CADA ne se saisit qu’après le refus")
    page.locator("#id_referred_on").fill("")
    page.get_by_role("button", name="Publier").click()
    referral = deadlines.referral_deadline(refused, "59")
    step = page.locator(".request-timeline li", has_text=fr("Date limite pour saisir la CADA"))
    expect(step.locator("time")).to_have_attribute("datetime", referral.day.isoformat())
    expect(step).to_contain_text("à faire avant cette date")
    expect(step).to_contain_text("R. 343-1")

    page.get_by_role("link", name="Mettre à jour").click()
    page.locator("#id_state").select_option("referred")
    page.locator("#id_referred_on").fill(referred.isoformat())
    page.locator("#id_edit_summary").fill("CADA saisie")
    page.get_by_role("button", name="Publier").click()
    opinion = deadlines.opinion_due(referred)
    step = page.locator(".request-timeline li", has_text=fr("Avis de la CADA"))
    expect(step.locator("time")).to_have_attribute("datetime", opinion.day.isoformat())
    expect(step.locator(".expected")).to_contain_text("52 à 85 jours")
    court = page.locator(".request-timeline li", has_text="tribunal administratif")
    expect(court).to_contain_text("R. 421-1")
    assert axe_violations(page) == []
    screenshot(page, "81-request-referred")
    request.refresh_from_db()
    assert (request.state, request.version, request.due_on) == ("referred", 3, opinion.day)

    page.goto(f"{demo_site.url}/demandes/")
    rows = page.locator("table.request-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Marché de maintenance des caméras")
    expect(rows.nth(1)).to_contain_text("décembre 2018")
    assert axe_violations(page) == []
    screenshot(page, "82-request-list")
    assert elsewhere == []


def test_the_request_page_reads_on_a_phone(browser, demo_site, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    request = DocumentRequest.objects.get()
    page.goto(f"{demo_site.url}{request.get_absolute_url()}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator(".answer-sources li")).to_have_count(2)
    page.screenshot(path=str(screenshot.folder / "83-request-phone.png"), full_page=True)
    page.goto(f"{demo_site.url}/demandes/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_claim_waits_for_a_request_then_the_answer_arrives(page, demo_site, screenshot, tmp_path):
    from dossiers.models import Actor
    from sources.models import Source
    from tests.factories import make_document_request
    from tests.pdfs import pdf_with_text

    tristan = make_trusted("tristan")
    dossier_url = f"{demo_site.url}/dossiers/{DEMO_SLUG}/"
    sent = timezone.localdate() - timedelta(days=10)
    request = make_document_request(
        administration=Actor.objects.get(name="Ville de Valenciennes"),
        dossiers=[DocumentRequest.objects.get().links.get().dossier],
        user=tristan,
        title="Le bilan de l’expérimentation",
        sent_on=sent,
    )
    log_in(page, demo_site.url, "tristan", "pw-tristan")
    page.goto(f"{dossier_url}modifier/")
    body = page.locator("#id_body")
    body.fill(
        body.input_value() + f"\n\nLe bilan de l’expérimentation reste à obtenir [@{request.key}]."
    )
    page.locator("#id_edit_summary").fill("Ce que la ville n’a pas transmis")
    page.get_by_role("button", name="Publier").click()
    expect(page).to_have_url(dossier_url)
    awaited = page.locator(".awaited-reference")
    expect(awaited).to_contain_text(
        fr(f"à confirmer : demande de documents en cours depuis le {sent.day}")
    )
    awaited.get_by_role("link", name="suivre la demande").click()
    expect(page.locator("h1")).to_have_text("Le bilan de l’expérimentation")

    page.goto(f"{demo_site.url}/demandes/en-attente/")
    expect(page.locator(".awaited-table tbody tr")).to_have_count(1)
    expect(page.locator(".awaited-table")).to_contain_text("texte du dossier")
    assert axe_violations(page) == []
    screenshot(page, "86-claims-awaiting-documents")

    page.goto(f"{demo_site.url}{request.get_absolute_url()}")
    page.get_by_role("link", name="Joindre un document reçu (PDF)").click()
    expect(page.locator("#id_kind")).to_have_value("cada")
    expect(page.locator("#id_answers_request")).to_have_value(request.key)
    answer = tmp_path / "bilan.pdf"
    answer.write_bytes(pdf_with_text("Bilan de l experimentation"))
    page.locator("#id_upload").set_input_files(str(answer))
    page.locator("#id_edit_summary").fill("Réponse de la ville")
    page.get_by_role("button", name="Publier").click()
    source = Source.objects.get(answers_request=request.key)
    expect(page).to_have_url(f"{demo_site.url}{source.get_absolute_url()}")
    page.get_by_role("link", name="Le bilan de l’expérimentation").first.click()
    expect(page.locator(".answer-sources")).to_contain_text(source.title)
    screenshot(page, "87-request-answer-received")
