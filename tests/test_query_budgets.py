"""Each page runs a fixed number of SQL queries, whatever the number of items."""

from datetime import timedelta

import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_document_request,
    make_dossier,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

BUDGETS = {
    # The latest dossiers, the two counts, and the small map's counts and départements.
    "home": 5,
    # Dossier, last revision, references (its sources, and the requests for documents
    # it cites while it awaits them), which parts of the sheet have rows, then for each
    # such part its rows and the numbers of their sources (read apart from the
    # references, so that a part is built again alone after an edit of a row: see
    # core.page_cache), and the requests for documents that serve it.
    "dossier": 12,
    "history": 3,
    "revision": 2,
    # The filter form's technology and actor choices, and the cards' technologies.
    "dossier_list": 7,
    "city_list": 5,
    # The filter form's region, département, technology and actor choices, the counts
    # and the départements.
    "map": 6,
    "city": 3,
    # The filter form's département and administration choices, the count, the page.
    "request_list": 4,
    # The request, its last revision, its dossiers, the sources it lists and those
    # that say they answer it.
    "request": 5,
}


def queries_for(client, url, budget):
    with budget as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def dossier_with_revisions(count):
    author = make_user()
    dossier = make_dossier(user=author)
    for number in range(2, count + 1):
        dossier.body = f"Version {number}"
        save_dossier_revision(dossier, user=make_user(), reason=f"Modification {number}")
    return dossier


def dossiers_in_one_city(count):
    city = make_city()
    for _ in range(count):
        make_dossier(city=city)
    return city


def cities(count):
    department = make_department()
    made = [make_city(f"Ville test {n}", department) for n in range(count)]
    make_dossier(city=made[0])
    return made


def document_requests(count):
    administration = make_actor(kind="local_authority", city=make_city())
    dossiers = [make_dossier() for _ in range(min(count, 5))]
    sources = [make_source() for _ in range(min(count, 5))]
    made = [
        make_document_request(
            administration=administration,
            dossiers=dossiers,
            answer_source_keys="; ".join(source.key for source in sources),
        )
        for _ in range(count)
    ]
    # Each made by someone else, overdue or not: nothing is read request by request.
    make_document_request(sent_on=made[0].sent_on - timedelta(days=90))
    return made


PAGES = {
    "home": (dossiers_in_one_city, lambda city: reverse("home")),
    "dossier_list": (dossiers_in_one_city, lambda city: reverse("dossiers:list")),
    "map": (dossiers_in_one_city, lambda city: reverse("map") + "?stage="),
    "city": (dossiers_in_one_city, lambda city: city.get_absolute_url()),
    "city_list": (cities, lambda made: reverse("cities:list") + "?q=ville+test"),
    "dossier": (dossier_with_revisions, lambda dossier: dossier.get_absolute_url()),
    "history": (
        dossier_with_revisions,
        lambda dossier: reverse("dossiers:history", args=[dossier.slug]),
    ),
    "request_list": (document_requests, lambda made: reverse("requests:list")),
    "request": (document_requests, lambda made: made[-1].get_absolute_url()),
    "revision": (
        dossier_with_revisions,
        lambda dossier: reverse(
            "dossiers:revision", args=[dossier.slug, dossier.history.last().history_id]
        ),
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page):
    build, url_for = PAGES[page]
    one = queries_for(client, url_for(build(1)), django_assert_max_num_queries(BUDGETS[page]))
    fifty = queries_for(client, url_for(build(50)), django_assert_max_num_queries(BUDGETS[page]))
    assert one == fifty


def test_the_dossier_page_serves_stored_html_without_rendering(client):
    from dossiers.models import Dossier

    dossier = make_dossier(body="Texte source")
    # Written behind the model's back: only a page that reads the stored HTML shows it.
    Dossier.objects.filter(pk=dossier.pk).update(body_html="<p>HTML stocké</p>")
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "<p>HTML stocké</p>" in page
    assert "Texte source" not in page
