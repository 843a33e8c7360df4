"""Saving a row of a dossier's sheet never renders the dossier's text again (issue 14,
defect 6): its citations are read from the links stored with the text, so a cold
rendering cache or a refused rendering cannot turn a row's save into a 500."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dossiers.models import Citation, FundingLine
from dossiers.rendering import RenderError
from tests.factories import make_actor, make_dossier, make_source
from tests.personas import logged_in, make_trusted
from tests.review_helpers import funding_line_data


@pytest.mark.django_db
def test_a_row_saves_and_numbers_its_sources_without_rendering_the_text(client, monkeypatch):
    text_source, row_source = make_source("source-texte"), make_source("source-ligne")
    dossier = make_dossier(body="Un fait [@source-texte].")
    payer, recipient = make_actor("Ville", source=row_source), make_actor("Huawei")
    cache.clear()  # a cold per-process cache, as after a restart

    def refuse(text):
        raise RenderError("the text must not be rendered again")

    monkeypatch.setattr("dossiers.models.dossier.render_markdown", refuse)
    logged_in(client, make_trusted())
    response = client.post(
        reverse("dossiers:row_create", args=[dossier.slug, FundingLine.url_part]),
        funding_line_data(payer, recipient, row_source),
    )

    assert response.status_code == 302
    assert FundingLine.objects.count() == 1
    citations = Citation.objects.filter(dossier=dossier).order_by("position")
    assert [(c.source.key, c.position, c.in_text) for c in citations] == [
        (text_source.key, 1, True),
        (row_source.key, 2, False),
    ]
