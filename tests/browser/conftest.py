"""Browser tests: Playwright drives Debian's Chromium against a live server."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import sync_playwright

from cities.loading import load_communes
from dossiers.demo import VALENCIENNES_INSEE, load_demo

REFERENCE_DATA = importlib.import_module("dossiers.migrations.0004_technologies_and_thresholds")
THRESHOLDS = importlib.import_module("dossiers.migrations.0007_threshold_legal_bases")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    # Transactional tests empty every table between tests: make again what the data
    # migration made (the technologies, the procurement thresholds).
    REFERENCE_DATA.seed(apps, None)
    THRESHOLDS.update(apps, None)
    load_communes(only={VALENCIENNES_INSEE})
    load_demo()
    return live_server


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    take.folder = SCREENSHOTS
    return take
