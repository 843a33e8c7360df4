"""Cached pages and fragments: served from memory, gone as soon as content changes."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cities.loading import load_communes
from cities.models import City
from core import page_cache
from core.models import ContentGeneration
from dossiers.citations import save_dossier_revision
from dossiers.demo import VALENCIENNES_INSEE
from dossiers.models import Dossier, Figure, Technology
from review.actions import approve, set_hidden
from tests.factories import make_dossier, make_row, make_source, make_user
from tests.personas import logged_in, make_moderator
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


def test_a_second_anonymous_reader_is_served_from_memory_without_a_query(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(body="Le texte publié.")
    first = read(dossier.get_absolute_url())
    with django_assert_num_queries(0):
        second = Client().get(dossier.get_absolute_url())
    assert second.content.decode() == first
    assert "Le texte publié." in first
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_change_made_by_another_app_server_is_seen_within_a_second(
    monkeypatch, django_capture_on_commit_callbacks
):
    now = [1000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(title="Titre lu")
    url = dossier.get_absolute_url()
    assert "Titre lu" in read(url)
    # Another process publishes: the row changes, this process's signals never fire.
    Dossier.objects.filter(pk=dossier.pk).update(title="Titre publié ailleurs")
    ContentGeneration.objects.update(token=12345)
    now[0] += page_cache.GENERATION_CHECK_SECONDS / 2
    assert "Titre lu" in read(url)
    now[0] += page_cache.GENERATION_CHECK_SECONDS
    assert "Titre publié ailleurs" in read(url)


def test_a_cached_page_is_not_served_to_a_host_outside_allowed_hosts():
    dossier = make_dossier()
    read(dossier.get_absolute_url())
    response = Client().get(dossier.get_absolute_url(), HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_a_generation_drawn_by_an_uncommitted_write_is_never_remembered(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Until the write commits, its token names content that other connections cannot
    see: remembered, it would let them cache the old content under the new name."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        page_cache.new_generation()
        drawn = ContentGeneration.objects.get().token
        with django_assert_num_queries(2):
            assert page_cache.current_generation() == drawn
            assert page_cache.current_generation() == drawn
    with django_assert_num_queries(1):
        assert page_cache.current_generation() == drawn
        assert page_cache.current_generation() == drawn


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
    approve(change, moderator=make_moderator(), revision=change.revision)
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
    save_dossier_revision(dossier, user=None, reason="Suite")
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
    save_dossier_revision(dossier, user=None, reason="Suite")
    assert "Toujours frais." in read(dossier.get_absolute_url())


def main_content(html):
    return html[html.index("<main") : html.index("</main>")]


def second_reader_shares_the_page(url, queries, django_assert_num_queries):
    """A first signed-in reader's page of `url`, then a second reader's: built in
    `queries` queries around the kept shared part. The second reader's client."""
    first = logged_in(Client(), make_user("camille")).get(url).content.decode()
    dominique = logged_in(Client(), make_user("dominique"))
    with django_assert_num_queries(queries):
        second = dominique.get(url).content.decode()
    assert "dominique" in second and "camille" not in second, "the header is each reader's own"
    assert main_content(second) == main_content(first)
    return dominique, first


def test_signed_in_readers_share_the_cached_list_until_content_changes(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_communes(only={VALENCIENNES_INSEE})
    url = reverse("cities:list") + "?q=valenc"
    # Session, user, the user's two permission lookups for the header, the paginator's
    # count: not the cities, nor the filter form's regions, departments and technologies.
    dominique, first = second_reader_shares_the_page(url, 5, django_assert_num_queries)
    assert "Valenciennes" in first and "Dossier publié</span>" not in first

    make_dossier(city=City.objects.get(insee_code=VALENCIENNES_INSEE))
    assert "Dossier publié</span>" in dominique.get(url).content.decode()


def test_the_cached_history_shows_hidden_reasons_to_moderators_only():
    dossier = make_dossier(body="Premier texte.", reason="Motif de la première révision")
    first = dossier.history.get()
    dossier.body = "Second texte."
    save_dossier_revision(dossier, user=None, reason="Suite")
    moderator = make_moderator()
    set_hidden(
        first, moderator=moderator, reason="Injurieux", hidden=True, record=dossier, label="x"
    )
    url = reverse("dossiers:history", args=[dossier.slug])
    contributor = logged_in(Client(), make_user("camille"))
    for _ in range(2):
        assert "Motif de la première révision" not in contributor.get(url).content.decode()
        assert (
            "Motif de la première révision"
            in logged_in(Client(), moderator).get(url).content.decode()
        )


def test_a_feed_is_kept_for_signed_in_readers_too_until_content_changes(
    client, django_assert_num_queries
):
    dossier = make_dossier(title="Safe City")
    logged_in(client, make_user("lecteur"))
    first = client.get("/modifications/atom/").content.decode()
    assert "Safe City" in first
    page_cache.forget_generation()
    # The generation, and whether the session still exists (the reader's own kept
    # copy): nothing of the feed.
    with django_assert_num_queries(2):
        assert client.get("/modifications/atom/").content.decode() == first
    dossier.title = "Safe City rebaptisée"
    save_dossier_revision(dossier, user=None, reason="Titre")
    assert "Safe City rebaptisée" in client.get("/modifications/atom/").content.decode()


def test_signed_in_readers_share_search_results_until_content_changes(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(title="Vidéoprotection à Alphaville")
    url = reverse("search:search") + "?q=videoprotection"
    # Session, user and the header's two permission lookups: neither the search
    # engine, nor the communes, nor the filter form's departments and technologies.
    dominique, first = second_reader_shares_the_page(url, 4, django_assert_num_queries)
    assert "Alphaville" in first and "Bêtaville" not in first

    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(title="Vidéoprotection à Bêtaville")
    third = dominique.get(url).content.decode()
    assert "Alphaville" in third and "Bêtaville" in third
    # A page past the last is a 404, each time: an error is never kept as results.
    for _ in range(2):
        assert dominique.get(url + "&page=9").status_code == 404


def test_anonymous_pages_carry_validators_and_are_answered_304_while_unchanged(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(title="Titre d’origine")
    url = dossier.get_absolute_url()
    first = Client().get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    # Browsers ask again each time; a caching proxy keeps it as long as the app does.
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=600"
    assert etag.startswith('"') and modified
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = Client().get(url, **headers)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
    # Built afresh (not from what is kept), a matching validator is answered 304 too.
    page_cache.caches["pages"].clear()
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        dossier.title = "Titre publié"
        save_dossier_revision(dossier, user=make_user(), reason="Nouveau titre")
    changed = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Titre publié" in changed.content.decode()
    assert changed["ETag"] != etag


def test_signed_in_pages_are_never_marked_public(client):
    dossier = make_dossier()
    logged_in(client, make_user())
    response = client.get(dossier.get_absolute_url())
    assert "public" not in response.get("Cache-Control", "")
    assert not response.has_header("ETag")
