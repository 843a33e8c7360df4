"""A signed-in reader's pages, kept for their session alone (core.page_cache): served
again until something they show changes, their own account and actions included."""

import pytest
from django.test import Client
from django.urls import reverse

from activity import watching
from core import page_cache
from discussions.actions import start_thread
from dossiers.citations import save_dossier_revision
from tests.factories import make_dossier, make_user
from tests.personas import logged_in, make_trusted
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(page_cache, "clock", lambda: 0.0)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["X-Page-Cache"], response.content.decode()


def kept_for(client, url):
    """Read `url` until it is kept for this reader (their first page gives them their
    CSRF cookie), and check that it then is."""
    read(client, url)
    read(client, url)
    assert read(client, url)[0] == "hit"


def test_a_signed_in_reader_s_page_is_kept_for_them_alone(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(title="Caméras à Alphaville")
    url = dossier.get_absolute_url()
    camille = logged_in(Client(), make_user("camille"))
    # The first page gives the reader their CSRF cookie: it is not kept. The second
    # is kept for the session and that cookie.
    assert [read(camille, url)[0] for _ in range(2)] == ["miss", "miss"]
    with django_assert_max_num_queries(1):  # whether the session still exists
        state, html = read(camille, url)
    assert state == "hit" and "camille" in html
    dominique = logged_in(Client(), make_user("dominique"))
    for _ in range(2):
        state, html = read(dominique, url)
        assert state == "miss" and "dominique" in html and "camille" not in html


def test_what_the_reader_does_outdates_their_pages():
    dossier = make_dossier(title="Caméras à Bêtaville", body="Texte publié.")
    url = dossier.get_absolute_url()
    user = make_user("camille")
    camille = logged_in(Client(), user)
    kept_for(camille, url)
    watching.watch(user, dossier)
    state, html = read(camille, url)
    assert state == "miss" and "Ne plus suivre" in html
    kept_for(camille, url)
    propose_edit(user, dossier, body="Texte proposé.")
    state, html = read(camille, url)
    assert state == "miss" and "Voir ma proposition" in html


def test_a_publication_outdates_every_reader_s_page():
    dossier = make_dossier(title="Titre lu")
    url = dossier.get_absolute_url()
    camille = logged_in(Client(), make_user("camille"))
    kept_for(camille, url)
    dossier.title = "Titre publié"
    save_dossier_revision(dossier, user=None, reason="Titre")
    state, html = read(camille, url)
    assert state == "miss" and "Titre publié" in html


def test_a_page_that_records_something_is_never_kept():
    """A discussion page records the reader's visit: it is built each time."""
    dossier = make_dossier()
    user = make_trusted("camille")
    thread = start_thread(dossier, user=user, title="Un fil", body="Premier message.")
    url = thread.get_absolute_url()
    camille = logged_in(Client(), user)
    assert [read(camille, url)[0] for _ in range(3)] == ["miss", "miss", "miss"]


def test_a_page_showing_a_message_is_not_kept_and_the_message_shows_once():
    dossier = make_dossier()
    camille = logged_in(Client(), make_user("camille"))
    camille.post(reverse("activity:watch"), {"what": "dossier", "id": dossier.pk, "follow": "1"})
    first = camille.get(dossier.get_absolute_url()).content.decode()
    second = camille.get(dossier.get_absolute_url()).content.decode()
    assert 'class="messages"' in first
    assert 'class="messages"' not in second


@pytest.mark.parametrize(
    "engine",
    # Sessions read from the database, and read from a cache (as with Redis), where
    # the page depends on no session row and the session's existence is checked.
    ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"],
)
def test_a_session_signed_out_is_served_no_kept_page(settings, engine):
    settings.SESSION_ENGINE = engine
    dossier = make_dossier()
    url = dossier.get_absolute_url()
    camille = logged_in(Client(), make_user("camille"))
    kept_for(camille, url)
    session = camille.cookies["sessionid"].value
    token = camille.cookies["csrftoken"].value
    camille.post(reverse("accounts:logout"))
    # Someone who kept the old cookie gets the page as the public sees it.
    stale_cookie = Client()
    stale_cookie.cookies["sessionid"] = session
    stale_cookie.cookies["csrftoken"] = token
    html = stale_cookie.get(url).content.decode()
    assert "camille" not in html and "Se connecter" in html


def test_another_process_s_publication_outdates_a_signed_in_page_within_a_second(monkeypatch):
    """Without Redis, each process keeps its own tags: the content generation, read
    at most once a second, tells it that another process published."""
    from core import cache_tags
    from core.models import ContentGeneration
    from dossiers.models import Dossier

    now = [1000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])
    dossier = make_dossier(title="Titre lu")
    page_cache.forget_generation()  # as if the creation had committed long ago
    url = dossier.get_absolute_url()
    camille = logged_in(Client(), make_user("camille"))
    kept_for(camille, url)
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(cache_tags, "invalidate", lambda *args, **kwargs: None)
        Dossier.objects.filter(pk=dossier.pk).update(title="Titre publié ailleurs")
        ContentGeneration.objects.update(token=424242)
    assert "Titre lu" in read(camille, url)[1]
    now[0] += page_cache.GENERATION_CHECK_SECONDS * 2
    assert "Titre publié ailleurs" in read(camille, url)[1]
