"""Recent changes (issue 17, part 2): every published change of every reviewed type,
newest first, with where, who, when, the summary, the size and links to the diff and
the history; filtered by kind, department, commune, author, dates and creations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier, Figure, Technology, TechnologyUse
from review.changes import Changes, describe
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_dossier,
    make_row,
    make_source,
    make_user,
)
from tests.review_helpers import source_with_hidden_first_revision

pytestmark = pytest.mark.django_db

URL = "/modifications/"


def listed(client, query=""):
    page = client.get(URL + query)
    assert page.status_code == 200
    return page


def labels(page):
    return [change.record_label for change in page.context["changes"]]


def edit_dossier(dossier, user, reason, **fields):
    for name, value in fields.items():
        setattr(dossier, name, value)
    save_dossier_revision(dossier, user=user, reason=reason)


def test_every_kind_is_listed_newest_first_with_place_author_and_links(client):
    alice = make_user("alice")
    nord = make_department("Nord", code="59")
    valenciennes = make_city("Valenciennes", department=nord)
    source = make_source(user=alice, title="Un article")
    make_actor("Huawei", user=alice, city=valenciennes)
    dossier = make_dossier(valenciennes, user=alice, title="Vidéoprotection")
    make_row(Figure, dossier, sources=[source], user=alice, metric="cameras", value=217)
    page = listed(client)
    changes = page.context["changes"]
    kinds = [str(change.kind_label) for change in changes]
    assert kinds[:4] == ["chiffre", "dossier", "acteur", "source"]
    figure, dossier_change, _actor_change, _source_change = changes[:4]
    assert [c.city for c in changes[:4]] == [valenciennes, valenciennes, valenciennes, None]
    assert dossier_change.author == alice
    text = page.content.decode()
    assert "Vidéoprotection" in text and "Huawei" in text and "Un article" in text
    assert "Valenciennes" in text and "(59)" in text
    for change in changes:
        assert client.get(change.url).status_code == 200
        assert client.get(change.history_url).status_code == 200
    assert figure.is_creation and figure.diff_url is None


def test_an_edit_links_to_its_diff_and_measures_its_size(client):
    alice = make_user("alice")
    dossier = make_dossier(user=alice, body="Un texte.")
    first = dossier.public_revisions().first()
    edit_dossier(dossier, alice, "Ajout d’une phrase", body="Un texte. Et vingt caractères")
    change = listed(client).context["changes"][0]
    latest = dossier.public_revisions().first()
    assert not change.is_creation
    assert change.size_change == len("Un texte. Et vingt caractères") - len("Un texte.")
    assert change.diff_url.endswith(f"?de={first.history_id}&a={latest.history_id}")
    compare = client.get(change.diff_url)
    assert compare.status_code == 200
    assert compare.context["old"].history_id == first.history_id
    assert "Ajout d’une phrase" in listed(client).content.decode()


def test_drafts_are_never_listed():
    make_dossier(title="Brouillon secret", status=Dossier.Status.DRAFT)
    rows = list(Changes()[:50])
    assert rows == []


def test_a_hidden_revision_shows_the_reason_not_the_summary(client):
    source_with_hidden_first_revision(make_user("alice"))
    text = listed(client).content.decode()
    assert "Nom et adresse d’un agent" not in text
    assert "Données personnelles" in text


def place_fixture():
    nord = make_department("Nord", code="59")
    gironde = make_department("Gironde", code="33")
    valenciennes = make_city("Valenciennes", department=nord, insee_code="59606")
    bordeaux = make_city("Bordeaux", department=gironde, insee_code="33063")
    north = make_dossier(valenciennes, title="Au nord")
    south = make_dossier(bordeaux, title="Au sud")
    make_row(Figure, north, metric="cameras", value=12)
    make_source(title="Sans lieu")
    return nord, valenciennes, north, south


@pytest.mark.parametrize("commune", ["Valenciennes", "valenciennes", "59606", "Valenciennes (59)"])
def test_filter_by_commune_by_name_code_or_postal_code(client, commune):
    _nord, _valenciennes, north, _south = place_fixture()
    page = listed(client, f"?commune={commune}")
    assert sorted(labels(page)) == sorted(
        ["Au nord", fr(f"Au nord — chiffre : {north.figures.get()}")]
    )


def test_filter_by_department_leaves_out_what_belongs_to_no_commune(client):
    nord, valenciennes, _north, _south = place_fixture()
    page = listed(client, f"?department={nord.pk}")
    assert "Au sud" not in labels(page)
    assert "Au nord" in labels(page)
    assert all(change.city == valenciennes for change in page.context["changes"])


def test_filter_by_kind_author_and_creations(client):
    alice, bob = make_user("alice"), make_user("bob")
    dossier = make_dossier(user=alice, title="De alice")
    make_source(user=bob, title="De bob")
    edit_dossier(dossier, bob, "Retouche de bob", summary="Autre résumé")
    assert labels(listed(client, "?kind=source")) == [fr("« De bob », Journal test")]
    by_bob = listed(client, "?author=BOB").context["changes"]
    assert {change.summary for change in by_bob} == {"Retouche de bob", "Ajout de la source"}
    creations = listed(client, "?kind=dossier&creations=on").context["changes"]
    assert [(c.record_label, c.version) for c in creations] == [("De alice", 1)]


def test_filter_by_technology_and_by_dossier(client):
    drones = Technology.objects.get(slug="drones")
    with_drones = make_dossier(title="Avec drones")
    make_row(TechnologyUse, with_drones, technology=drones, status="deployed")
    make_dossier(title="Sans drones")
    page = listed(client, "?technology=drones")
    assert "Sans drones" not in labels(page) and "Avec drones" in labels(page)
    page = listed(client, f"?dossier={with_drones.slug}")
    assert len(page.context["changes"]) == 2  # the dossier and its row


def test_filter_by_dates_inclusive_of_the_last_day(client):
    make_dossier(title="Aujourd’hui")
    today = timezone.localdate()
    assert labels(listed(client, f"?since={today}&until={today}")) == ["Aujourd’hui"]
    yesterday = today - timedelta(days=1)
    assert labels(listed(client, f"?until={yesterday}")) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?commune=Nulle-part", "commune", "Aucune commune ne correspond"),
        ("?author=personne", "author", "Aucun contributeur ne porte ce pseudonyme"),
        ("?since=2030-01-01&until=2020-01-01", "until", "Cette date précède"),
        ("?since=pas-une-date", "since", "Saisissez une date valide"),
        ("?kind=tout", "kind", "Sélectionnez un choix valide"),
        ("?dossier=inconnu", "dossier", "Ce dossier n’existe pas"),
    ],
)
def test_bad_filters_get_a_message_and_keep_what_was_typed(client, query, field, message):
    make_dossier(title="Visible sans filtre")
    page = client.get(URL + query)
    assert page.status_code == 200
    errors = page.context["filter"].form.errors
    assert field in errors and message in " ".join(errors[field])
    text = page.content.decode()
    assert "Certains critères ne sont pas valides" in text
    assert "Visible sans filtre" not in text
    typed = query.split(f"{field}=")[1].split("&")[0]
    if field not in ("kind", "dossier"):  # a select, a hidden field
        assert f'value="{typed}"' in text


def test_two_communes_of_the_same_name_ask_for_the_insee_code(client):
    make_city("Saint-Denis", insee_code="93066")
    make_city("Saint-Denis", insee_code="97411")
    page = client.get(URL + "?commune=Saint-Denis")
    assert "Plusieurs communes portent ce nom" in " ".join(
        page.context["filter"].form.errors["commune"]
    )
    assert client.get(URL + "?commune=97411").context["filter"].is_valid()


def test_pages_without_counting_and_a_page_past_the_end_is_404(client):
    alice = make_user("alice")
    for number in range(3):
        make_source(user=alice, title=f"Source {number}")
    page = client.get(URL + "?kind=source&page=1")
    assert page.status_code == 200
    assert client.get(URL + "?kind=source&page=2").status_code == 404
    assert client.get(URL + "?page=abc").status_code == 404


def test_paging_keeps_order_across_pages(client, settings):
    from activity.views import RecentChangesView

    for number in range(5):
        make_source(title=f"Source {number}")
    RecentChangesView.paginate_by, saved = 2, RecentChangesView.paginate_by
    try:
        seen = []
        for number in (1, 2, 3):
            page = client.get(URL + f"?kind=source&page={number}")
            seen += labels(page)
            assert page.context["is_paginated"]
        assert seen == [fr(f"« Source {n} », Journal test") for n in (4, 3, 2, 1, 0)]
        assert client.get(URL + "?kind=source&page=3").context["page_obj"].has_next() is False
    finally:
        RecentChangesView.paginate_by = saved


def test_the_page_costs_the_same_queries_for_few_or_many_changes(
    client, django_assert_max_num_queries
):
    def sample(count):
        for number in range(count):
            dossier = make_dossier(user=make_user())
            make_row(Figure, dossier, metric="cameras", value=number)
            make_actor(user=make_user())

    sample(1)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    sample(12)
    with django_assert_max_num_queries(20) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_describe_skips_nothing_and_reads_sizes_per_type():
    dossier = make_dossier(body="abc")
    make_row(Figure, dossier, metric="cameras", value=1)
    changes = describe(Changes()[:10], sizes=True, authors=True)
    assert {str(change.kind_label) for change in changes} == {"dossier", "chiffre", "source"}
    assert all(change.size_change is not None for change in changes)


def test_the_list_is_in_english_too(client):
    make_dossier(title="Un dossier")
    page = client.get("/en" + URL)
    assert page.status_code == 200
    assert "Recent changes" in page.content.decode()
