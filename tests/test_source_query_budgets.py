"""Source pages, and dossier pages with many citations, run a fixed number of queries."""

import pytest
from django.urls import reverse

from sources.documents import store_upload
from tests.factories import make_dossier, make_source
from tests.pdfs import pdf_with_text
from tests.test_documents import upload
from tests.test_query_budgets import BUDGETS as PAGE_BUDGETS

pytestmark = pytest.mark.django_db

BUDGETS = {
    "source_list": 3,
    "source": 4,
    "dossier": PAGE_BUDGETS["dossier"],
    "source_history": 3,
}


def cited_sources(count):
    """`count` sources with a document, all cited by two dossiers."""
    document = store_upload(upload(pdf_with_text("Document")), user=None)
    sources = [make_source(document=document) for _ in range(count)]
    body = " ".join(f"Fait [@{source.key}]." for source in sources)
    dossiers = [make_dossier(body=body), make_dossier(body=body)]
    return sources, dossiers


PAGES = {
    "source_list": lambda sources, dossiers: reverse("sources:list"),
    "source": lambda sources, dossiers: sources[0].get_absolute_url(),
    "source_history": lambda sources, dossiers: reverse("sources:history", args=[sources[0].key]),
    "dossier": lambda sources, dossiers: dossiers[0].get_absolute_url(),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_sources(client, django_assert_max_num_queries, page):
    counts = []
    for count in (1, 25):
        url = PAGES[page](*cited_sources(count))
        with django_assert_max_num_queries(BUDGETS[page]) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_dossier_page_lists_all_its_references(client):
    _sources, dossiers = cited_sources(25)
    page = client.get(dossiers[0].get_absolute_url()).text
    assert page.count('<li id="ref-') == 25
    assert page.count("document PDF, 1 page") == 25
