import pytest
from django.core.cache import caches

from cities.loading import load_communes
from core import page_cache
from core.page_cache import forget_generation
from dossiers.demo import VALENCIENNES_INSEE, load_demo
from review.throttle import forget_all as forget_throttled_editors


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test's database starts from the same content generation: forget older pages,
    and the generation a previous test's rolled-back transaction may have drawn."""
    caches["pages"].clear()
    caches["tags"].clear()
    forget_generation()
    forget_throttled_editors()


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in the site's default language: a request to an English page
    leaves English active in the thread, and reverse() would then build /en/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def valenciennes_demo(db):
    """Valenciennes (from the shipped commune file) and the demo dossier."""
    load_communes(only={VALENCIENNES_INSEE})
    return load_demo()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database.get('HOST') or 'file'})"


@pytest.fixture
def page_cache_on(settings, monkeypatch):
    """Pages kept, as in production; the content generation read once: every page
    outdated in the test was outdated by its tags, not by the generation another
    process would draw."""
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(page_cache, "clock", lambda: 0.0)
