"""A publication outdates the pages that show what changed, and only those
(core.cache_tags, core.page_cache): each dependency of a dossier's page, the lists and
the home page, parameters the page does not read, one build per outdated page."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.loading import load_communes
from core import cache_tags, page_cache
from core.models import ContentGeneration
from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.demo import VALENCIENNES_INSEE
from dossiers.models import DocumentRequest, Dossier, Figure
from dossiers.models.sheet import PRESENCE_PART, section_part
from dossiers.views.pages import DossierDetailView
from review.actions import protect, restore, set_hidden
from review.models import Protection
from tests.concurrency import read_while_one_builds
from tests.factories import (
    make_actor,
    make_document_request,
    make_dossier,
    make_funding_line,
    make_row,
    make_source,
)
from tests.personas import make_moderator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def get(url):
    """(X-Page-Cache, page) for a new anonymous reader."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def state(url):
    return get(url)[0]


def kept(*urls):
    """Build each page, and check that it is now kept."""
    for url in urls:
        get(url)
        assert state(url) == "hit", url


@pytest.fixture
def two_dossiers():
    """A dossier citing a source, with a row, an actor's funding line and a request for
    documents; and another dossier, whose page must stay kept through all of it."""
    source = make_source(title="Titre d’origine")
    dossier = make_dossier(title="Alpha", body=f"Affirmation [@{source.key}].")
    other = make_dossier(title="Bêta")
    actor = make_actor(name="Entreprise d’origine")
    make_funding_line(dossier, payer=actor, sources=[source])
    row = make_row(Figure, dossier, metric="cameras", value=12, as_of="2024", sources=[source])
    request = make_document_request(title="Demande d’origine", dossiers=[dossier])
    kept(dossier.get_absolute_url(), other.get_absolute_url())
    return dossier, other, source, actor, row, request


def change_text(dossier, source, actor, row, request):
    dossier.body = f"Nouvelle affirmation [@{source.key}]."
    save_dossier_revision(dossier, user=None, reason="Texte")
    return "Nouvelle affirmation"


def renamed(record, field, value):
    """Publish a new `field` for `record`; what the page must then show."""
    setattr(record, field, value)
    record.save_revision(user=None, reason="Nouveau nom")
    return value


def change_source(dossier, source, actor, row, request):
    return renamed(source, "title", "Titre corrigé")


def change_actor(dossier, source, actor, row, request):
    return renamed(actor, "name", "Entreprise renommée")


def change_row(dossier, source, actor, row, request):
    row.value = 987
    save_row_revision(row, user=None, reason="Chiffre")
    return "987"


def add_row(dossier, source, actor, row, request):
    make_row(Figure, dossier, metric="operators", value=654, as_of="2025", sources=[source])
    return "654"


def change_request(dossier, source, actor, row, request):
    return renamed(request, "title", "Demande précisée")


def link_new_request(dossier, source, actor, row, request):
    make_document_request(title="Seconde demande", dossiers=[dossier])
    return "Seconde demande"


def protect_dossier(dossier, source, actor, row, request):
    protect(dossier, moderator=make_moderator(), level=Protection.LOCKED, reason="Vandalisme")
    return "Dossier verrouillé"


@pytest.mark.parametrize(
    "change",
    [
        change_text,
        change_source,
        change_actor,
        change_row,
        add_row,
        change_request,
        link_new_request,
        protect_dossier,
    ],
)
def test_each_thing_a_dossier_page_shows_outdates_it_and_no_other_dossier(two_dossiers, change):
    dossier, other, source, actor, row, request = two_dossiers
    shown = change(dossier, source, actor, row, request)
    cache_state, html = get(dossier.get_absolute_url())
    assert cache_state == "miss" and shown in html
    assert state(other.get_absolute_url()) == "hit"


def test_hiding_a_revision_outdates_its_pages_and_not_another_dossiers(two_dossiers):
    dossier, other, *_rest = two_dossiers
    first = dossier.history.order_by("history_id").first()
    history = reverse("dossiers:history", args=[dossier.slug])
    revision = reverse("dossiers:revision", args=[dossier.slug, first.history_id])
    other_history = reverse("dossiers:history", args=[other.slug])
    kept(history, revision, other_history)
    set_hidden(
        first,
        moderator=make_moderator(),
        reason="Injurieux",
        hidden=True,
        record=dossier,
        label="x",
    )
    assert "Injurieux" in get(history)[1]
    assert "Affirmation" not in get(revision)[1]
    assert state(other_history) == "hit"


def test_a_page_carries_the_short_forms_of_its_tags_for_a_caching_proxy(two_dossiers):
    dossier, other, source, _actor, row, _request = two_dossiers
    keys = Client().get(dossier.get_absolute_url())["xkey"].split()
    for tag in (
        cache_tags.EVERYTHING,
        cache_tags.tag_of(dossier),
        cache_tags.tag_of(source),
        cache_tags.part_tag(Dossier, dossier.pk, "references"),
        cache_tags.part_tag(Dossier, dossier.pk, "sheet-figure"),
    ):
        assert cache_tags.short(tag) in keys, tag
    assert cache_tags.short(cache_tags.tag_of(other)) not in keys
    # A row's own tag is redundant beside its section's, which its every save
    # invalidates: the page does not carry it.
    assert cache_tags.short(cache_tags.tag_of(row)) not in keys


def test_a_committed_change_purges_the_proxies_by_its_tags(monkeypatch, settings):
    """The tags of a committed change are sent to each caching proxy (core.proxy)."""
    from core import proxy

    sent = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def read(self):
            return b""

    def urlopen(request, timeout):
        sent.append((request.full_url, request.get_method(), request.get_header("Xkey-purge")))
        return Answer()

    settings.CACHE_PROXY_URLS = ["http://proxy.internal:6081/"]
    monkeypatch.setattr(proxy.urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(cache_tags, "committed_listeners", [proxy.purge])
    with transaction.atomic():
        dossier = make_dossier(title="Purgé")
        assert sent == [], "nothing is purged before the commit"
    # TestCase's transaction never commits: run what the commit would.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, cache_tags._AtCommit):
            callback()
    [(url, method, keys)] = sent
    assert (url, method) == ("http://proxy.internal:6081/", "PURGE")
    assert cache_tags.short(cache_tags.tag_of(dossier)) in keys.split()


def test_lists_and_the_home_page_show_a_new_dossier_and_a_new_title():
    dossier = make_dossier(title="Premier dossier")
    listing, home = reverse("dossiers:list"), reverse("home")
    kept(listing, home, dossier.get_absolute_url())
    make_dossier(title="Un dossier tout neuf")
    assert "Un dossier tout neuf" in get(listing)[1]
    assert "Un dossier tout neuf" in get(home)[1]
    assert state(dossier.get_absolute_url()) == "hit"
    dossier.title = "Premier dossier renommé"
    save_dossier_revision(dossier, user=None, reason="Titre")
    assert "Premier dossier renommé" in get(listing)[1]
    assert "Premier dossier renommé" in get(home)[1]


def test_loading_the_communes_outdates_everything():
    dossier = make_dossier()
    kept(dossier.get_absolute_url())
    load_communes(only={VALENCIENNES_INSEE})
    assert state(dossier.get_absolute_url()) == "miss"


def test_a_write_no_model_signal_announces_still_outdates_the_lists():
    """A queryset's update sends no signal: the statement itself is watched."""
    dossier = make_dossier(title="Titre lu")
    listing = reverse("dossiers:list")
    kept(listing)
    Dossier.objects.filter(pk=dossier.pk).update(title="Titre écrit en masse")
    assert "Titre écrit en masse" in get(listing)[1]


def test_parameters_a_page_does_not_read_are_the_same_page(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier()
    url = dossier.get_absolute_url()
    kept(url)
    with django_assert_num_queries(0):
        for junk in ("?x=1", "?utm_source=abc&y=2", "?page=3"):
            assert state(url + junk) == "hit"
    # What a list reads, it is keyed by: another page of results is another page.
    listing = reverse("dossiers:list")
    kept(listing + "?department=59", listing)
    assert state(listing + "?department=59&x=1") == "hit"
    assert state(listing + "?department=62") == "miss"


def test_an_outdated_page_is_served_while_one_reader_builds_it():
    dossier = make_dossier(title="Ancien titre")
    url = dossier.get_absolute_url()
    kept(url)
    dossier.title = "Nouveau titre"
    save_dossier_revision(dossier, user=None, reason="Titre")
    key = f"page:{page_cache.address_of(Client().get(url).wsgi_request)}"
    # Another reader holds the right to build it: the others get the page they had.
    caches["pages"].delete(key)
    get(url)  # kept again, now with the new title
    dossier.title = "Titre suivant"
    save_dossier_revision(dossier, user=None, reason="Titre")
    assert caches["pages"].add(f"rebuilding:{key}", 1, 30)
    stale = Client().get(url)
    assert stale["X-Page-Cache"] == "stale" and "Nouveau titre" in stale.content.decode()
    # Outdated: no proxy may keep it, so it carries no tags to purge it by.
    assert stale["Cache-Control"] == "no-cache" and not stale.has_header("xkey")
    caches["pages"].delete(f"rebuilding:{key}")
    cache_state, html = get(url)
    assert cache_state == "miss" and "Titre suivant" in html


@pytest.mark.django_db(transaction=True)
def test_readers_of_an_outdated_page_wait_for_one_build_only(monkeypatch):
    """Many readers of an outdated page at once: one builds it, the others are served
    the page they had meanwhile."""
    ContentGeneration.objects.get_or_create(pk=ContentGeneration.ROW_ID)
    dossier = make_dossier(title="Avant")
    url = dossier.get_absolute_url()
    kept(url)
    dossier.title = "Après"
    save_dossier_revision(dossier, user=None, reason="Titre")
    readers = 6
    # The builder waits in the view until every other reader has been served.
    everyone_served = threading.Barrier(readers)
    builds = []
    view_get = DossierDetailView.get

    def slow_get(self, *args, **kwargs):
        builds.append(threading.get_ident())
        everyone_served.wait(timeout=30)
        return view_get(self, *args, **kwargs)

    monkeypatch.setattr(DossierDetailView, "get", slow_get)
    results = read_while_one_builds(url, readers, everyone_served)
    assert len(builds) == 1
    states = sorted(cache_state for cache_state, _html in results)
    assert states == ["miss"] + ["stale"] * (readers - 1)
    assert all(("Après" in html) == (cache_state == "miss") for cache_state, html in results)
    monkeypatch.undo()
    assert get(url) == ("hit", results[[s for s, _h in results].index("miss")][1])


def test_another_process_s_publication_outdates_everything_within_a_second(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Without a shared tag store (no Redis), a process learns of another's writes
    from the content generation, read at most once a second."""
    now = [1000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(title="Titre lu")
    url = dossier.get_absolute_url()
    kept(url)
    # Another process publishes: neither the statement nor the signals run here.
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(cache_tags, "invalidate", lambda *args, **kwargs: None)
        Dossier.objects.filter(pk=dossier.pk).update(title="Titre publié ailleurs")
        ContentGeneration.objects.update(token=12345)
    now[0] += page_cache.GENERATION_CHECK_SECONDS / 2
    assert "Titre lu" in get(url)[1]
    now[0] += page_cache.GENERATION_CHECK_SECONDS
    assert "Titre publié ailleurs" in get(url)[1]


@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_a_write_is_uncommitted_is_outdated_by_its_commit():
    """A reader builds the page from the old content while a publication is being
    written: what it keeps must not outlive the commit."""
    ContentGeneration.objects.get_or_create(pk=ContentGeneration.ROW_ID)
    dossier = make_dossier(title="Titre d’avant")
    url = dossier.get_absolute_url()
    kept(url)
    written, read_done = threading.Event(), threading.Event()

    def publish():
        try:
            with transaction.atomic():
                Dossier.objects.filter(pk=dossier.pk).update(title="Titre d’après")
                cache_tags.invalidate_records(dossier)
                written.set()
                read_done.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=publish)
    writer.start()
    assert written.wait(timeout=30)
    if connection.vendor == "postgresql":
        # The reader sees the committed title, and keeps it under the numbers the
        # writer drew before committing. (SQLite would wait for the writer's lock.)
        cache_state, html = get(url)
        assert cache_state == "miss" and "Titre d’avant" in html
    read_done.set()
    writer.join(timeout=30)
    cache_state, html = get(url)
    assert cache_state == "miss" and "Titre d’après" in html


def test_an_edit_of_a_row_builds_the_sheet_again_and_nothing_else(
    two_dossiers, django_capture_on_commit_callbacks
):
    dossier, _other, source, actor, row, request = two_dossiers
    url = dossier.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        change_row(dossier, source, actor, row, request)
    with CaptureQueriesContext(connection) as queries:
        cache_state = state(url)
    assert cache_state == "miss"
    sql = [query["sql"] for query in queries]
    first_tables = {cache_tags.TABLE_NAMES.search(statement)[1] for statement in sql}
    assert "dossiers_figure" in first_tables
    # The rows' source numbers are kept with the references; neither these, nor the
    # requests, nor the revisions are read again.
    assert not first_tables & {
        "dossiers_citation",
        "dossiers_documentrequest",
        "dossiers_historicaldossier",
    }
    # Nor which sections have rows (the outline, and whether the sheet shows at all):
    # the figure was there before.
    assert not any('"dossiers_event"' in statement for statement in sql)
    html = get(url)[1]
    assert "987" in html and "Demande d’origine" in html and "Titre d’origine" in html


def test_the_outline_follows_a_section_s_first_row_its_removal_and_its_restoration():
    dossier = make_dossier(title="Gamma")
    make_funding_line(dossier)
    url = dossier.get_absolute_url()
    kept(url)
    in_outline = 'href="#fiche-chiffres"'
    assert in_outline not in get(url)[1]

    row = make_row(Figure, dossier, metric="cameras", value=3, as_of="2024")
    cache_state, html = get(url)
    assert cache_state == "miss" and in_outline in html
    kept(url)

    first = row.public_revisions().get()
    removing = Figure.objects.get(pk=row.pk)
    removing.removed = True
    save_row_revision(removing, user=None, reason="Retrait")
    cache_state, html = get(url)
    assert cache_state == "miss" and in_outline not in html
    kept(url)

    restore(first, user=make_moderator(), base_version=removing.version)
    cache_state, html = get(url)
    assert cache_state == "miss" and in_outline in html


def test_only_a_row_that_appears_or_disappears_outdates_which_sections_have_rows(two_dossiers):
    dossier, _other, _source, _actor, row, _request = two_dossiers
    presence = cache_tags.part_tag(Dossier, dossier.pk, PRESENCE_PART)
    section = cache_tags.part_tag(Dossier, dossier.pk, section_part(Figure))

    def invalidated(change):
        """Which of the section and the presence `change()` invalidates."""
        before = cache_tags.numbers_of([section, presence])
        change()
        after = cache_tags.numbers_of([section, presence])
        return {
            tag
            for tag, old, new in zip((section, presence), before, after, strict=True)
            if new != old
        }

    loaded = Figure.objects.get(pk=row.pk)

    def edit(value, removed=False):
        loaded.value, loaded.removed = value, removed
        save_row_revision(loaded, user=None, reason="Modification")

    assert invalidated(lambda: edit(13)) == {section}
    assert invalidated(lambda: edit(13, removed=True)) == {section, presence}
    assert invalidated(lambda: edit(14, removed=True)) == {section}  # shown nowhere
    assert invalidated(lambda: edit(14, removed=False)) == {section, presence}
    assert invalidated(
        lambda: make_row(Figure, dossier, metric="operators", value=2, as_of="2025")
    ) == {section, presence}
    # A row being loaded names its section alone: a page that shows which sections
    # have rows does not take the row's own tag for granted.
    with cache_tags.collecting() as dependencies:
        Figure.objects.get(pk=row.pk)
    assert dependencies.parents[cache_tags.tag_of(row)] == [section]


def test_a_row_citing_a_request_shows_when_the_request_is_closed(two_dossiers):
    dossier, _other, _source, actor, _row, request = two_dossiers
    make_funding_line(dossier, payer=actor, sources=[request])
    url = dossier.get_absolute_url()
    kept(url)
    assert "la demande de documents est close" not in get(url)[1]
    renamed(request, "state", DocumentRequest.State.ANSWERED)
    cache_state, html = get(url)
    assert cache_state == "miss" and fr("la demande de documents est close") in html


def test_a_row_citing_a_new_source_renumbers_the_references(two_dossiers):
    dossier, other, source, _actor, row, _request = two_dossiers
    url = dossier.get_absolute_url()
    added = make_source(title="Une source de plus")
    row.source_keys = f"{source.key}; {added.key}"
    save_row_revision(row, user=None, reason="Source ajoutée")
    cache_state, html = get(url)
    assert cache_state == "miss" and "Une source de plus" in html
    assert state(other.get_absolute_url()) == "hit"
