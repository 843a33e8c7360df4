"""Whole-page cache for anonymous readers: served from memory, gone as soon as content changes."""

import pytest
from django.test import Client
from django.urls import reverse

from cities.loading import load_communes
from dossiers.demo import VALENCIENNES_INSEE
from dossiers.models import Figure, Technology
from review.actions import approve, set_hidden
from review.models import ContentGeneration
from tests.factories import make_dossier, make_row, make_source, make_user
from tests.personas import make_moderator
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def read(url):
    """What a new anonymous reader gets."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_anonymous_reader_is_served_from_memory_with_one_query(
    django_assert_num_queries,
):
    dossier = make_dossier(body="Le texte publié.")
    first = read(dossier.get_absolute_url())
    with django_assert_num_queries(1):  # the content generation
        second = Client().get(dossier.get_absolute_url())
    assert second.content.decode() == first
    assert "Le texte publié." in first
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_signed_in_readers_are_never_served_a_cached_page():
    dossier = make_dossier()
    read(dossier.get_absolute_url())
    client = Client()
    client.force_login(make_user("camille"))
    html = client.get(dossier.get_absolute_url()).content.decode()
    assert "camille" in html
    assert "Se connecter" not in html


def test_pages_that_set_a_cookie_are_not_cached():
    first = Client().get(reverse("accounts:login"))
    second = Client().get(reverse("accounts:login"))
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_an_approved_proposal_replaces_the_cached_page_at_once():
    dossier = make_dossier(body="Version d’origine.")
    url = dossier.get_absolute_url()
    assert "Version d’origine." in read(url)
    change = propose_edit(make_user(), dossier, body="Version relue et acceptée.")
    assert "Version d’origine." in read(url), "a pending proposal changes nothing public"
    approve(change, moderator=make_moderator())
    html = read(url)
    assert "Version relue et acceptée." in html
    assert "Version d’origine." not in html


def test_a_sheet_row_a_source_title_and_a_list_refresh_the_pages_that_show_them():
    source = make_source(title="Titre d’origine")
    dossier = make_dossier(body=f"Affirmation [@{source.key}].")
    url = dossier.get_absolute_url()
    listing = reverse("dossiers:list")
    assert "Titre d’origine" in read(url)
    read(listing)

    source.title = "Titre corrigé"
    source.save_revision(user=None, reason="Correction")
    assert "Titre corrigé" in read(url)

    make_row(Figure, dossier, metric="cameras", value=987, as_of="2024", sources=[source])
    assert "987" in read(url)

    make_dossier(title="Un dossier tout neuf")
    assert "Un dossier tout neuf" in read(listing)


def test_hiding_a_revision_refreshes_the_history_page():
    dossier = make_dossier(body="Premier texte.")
    dossier.body = "Second texte."
    dossier.save_revision(user=None, reason="Suite")
    old = dossier.history.order_by("history_id").first()
    revision_url = reverse("dossiers:revision", args=[dossier.slug, old.history_id])
    assert "Premier texte." in read(revision_url)
    set_hidden(
        old,
        moderator=make_moderator(),
        reason="Données personnelles",
        hidden=True,
        record=dossier,
        label=str(dossier),
    )
    assert "Premier texte." not in read(revision_url)


def test_bulk_writes_and_administrator_edits_draw_a_new_generation():
    generation = ContentGeneration.objects.get().token
    load_communes(only={VALENCIENNES_INSEE})
    after_load = ContentGeneration.objects.get().token
    assert after_load != generation
    technology = Technology.objects.first()
    technology.name = "Nouveau nom"
    technology.save()
    assert ContentGeneration.objects.get().token != after_load


def test_a_database_without_the_generation_row_serves_uncached():
    ContentGeneration.objects.all().delete()
    dossier = make_dossier(body="Sans cache.")
    assert "Sans cache." in read(dossier.get_absolute_url())
    dossier.body = "Toujours frais."
    dossier.save_revision(user=None, reason="Suite")
    assert "Toujours frais." in read(dossier.get_absolute_url())
