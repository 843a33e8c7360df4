"""Pages of the structured sheet run a fixed number of queries, whatever its size."""

import pytest
from django.urls import reverse

from dossiers.models import ActorRole, Event, Figure, Technology, TechnologyUse
from tests.factories import make_actor, make_dossier, make_funding_line, make_row, make_source
from tests.test_query_budgets import BUDGETS as PAGE_BUDGETS

pytestmark = pytest.mark.django_db

BUDGETS = {
    # The dossier page's budget, plus the threshold table once a contract is listed.
    "dossier": PAGE_BUDGETS["dossier"] + 1,
    "actor": 5,
    "actor_list": 3,
    "row_history": 4,
}


def full_sheet(lines):
    """A dossier with `lines` rows in every part of its sheet, all sourced."""
    source = make_source()
    dossier = make_dossier(body=f"Texte [@{source.key}].")
    actor = make_actor()
    technologies = list(Technology.objects.all()[:lines])
    for number in range(lines):
        sources = [source, make_source()]
        make_funding_line(dossier, payer=actor, amount=str(20000 + number), sources=sources)
        make_row(Figure, dossier, sources=sources, metric="cameras", value=100 + number,
                 as_of="2020")  # fmt: skip
        make_row(Event, dossier, sources=sources, date=f"{2000 + number}", title=f"Fait {number}")
        make_row(ActorRole, dossier, sources=sources, actor=make_actor(), role="supplier")
        if number < len(technologies):
            make_row(TechnologyUse, dossier, sources=sources, technology=technologies[number],
                     status="deployed")  # fmt: skip
    return dossier, actor


PAGES = {
    "dossier": lambda dossier, actor: dossier.get_absolute_url(),
    "actor": lambda dossier, actor: actor.get_absolute_url(),
    "actor_list": lambda dossier, actor: reverse("actors:list"),
    "row_history": lambda dossier, actor: reverse(
        "dossiers:row_history",
        args=[dossier.slug, "financements", dossier.funding_lines.first().pk],
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_sheet(client, django_assert_max_num_queries, page):
    counts = []
    for lines in (1, 12):
        url = PAGES[page](*full_sheet(lines))
        with django_assert_max_num_queries(BUDGETS[page]) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_full_sheet_shows_every_row(client):
    dossier, _actor = full_sheet(12)
    page = client.get(dossier.get_absolute_url()).text
    assert page.count('id="fundingline-') == 12
    assert page.count('id="figure-') == 12
    assert page.count('id="event-') == 12
    assert page.count('id="actorrole-') == 12
    assert page.count('id="technologyuse-') == 12
    # The text's source, then one new source per line number (five rows each).
    assert page.count('<li id="ref-') == 1 + 12
