"""Claims tied to requests for documents (issue 20, part 2): a dossier's text or a row
of its sheet cites a request still waiting for its documents (`[@demande-…]`), and is
shown « à confirmer » until a received document is cited instead; the site lists
every such claim."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision, save_row_revision, stored_references
from dossiers.models import FundingLine, RequestCitation
from tests.factories import (
    make_actor,
    make_document_request,
    make_dossier,
    make_funding_line,
    make_source,
)
from tests.personas import logged_in, make_trusted
from tests.review_helpers import edit_form_data
from tests.test_sheet_editing import add_url, funding_data

pytestmark = pytest.mark.django_db


def awaiting(request):
    return fr(f"à confirmer : demande de documents en cours depuis le {request.sent_on.day}")


def test_a_text_cites_a_pending_request_numbered_among_its_sources(client):
    before, after = make_source("avant"), make_source("apres")
    dossier = make_dossier()
    request = make_document_request(dossiers=[dossier], title="Le bilan")
    logged_in(client, make_trusted())
    body = f"Un fait [@avant]. Un autre, attendu [@{request.key}]. Un dernier [@apres]."
    response = client.post(
        reverse("dossiers:edit", args=[dossier.slug]), edit_form_data(dossier, body=body)
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    numbered = [(ref.number, ref.key) for ref in stored_references(dossier)]
    assert numbered == [(1, before.key), (2, request.key), (3, after.key)]
    assert 'href="#ref-2"' in dossier.body_html
    page = client.get(dossier.get_absolute_url()).text
    assert awaiting(request) in page
    assert request.get_absolute_url() in page
    assert fr("« Le bilan »") in page


def test_an_unknown_request_key_is_a_clear_error_and_the_text_is_kept(client):
    dossier = make_dossier()
    logged_in(client, make_trusted())
    body = "Attendu [@demande-nulle-part-2020-01]."
    response = client.post(
        reverse("dossiers:edit", args=[dossier.slug]), edit_form_data(dossier, body=body)
    )
    assert response.status_code == 200
    assert fr("Aucune demande de documents n’a la clé [@demande-nulle-part-2020-01].") in (
        response.text
    )
    assert body in response.text


def test_a_sheet_row_cites_a_pending_request(client):
    setting = {
        "dossier": make_dossier(title="Vidéosurveillance"),
        "city": make_actor("Ville de Test", kind="local_authority"),
        "company": make_actor("Huawei"),
    }
    request = make_document_request(dossiers=[setting["dossier"]])
    logged_in(client, make_trusted())
    response = client.post(
        add_url(setting["dossier"]), funding_data(setting, source_keys=f"[@{request.key}]")
    )
    assert response.status_code == 302
    line = FundingLine.objects.get()
    assert line.source_keys == request.key
    page = client.get(setting["dossier"].get_absolute_url()).text
    row = page[page.index(f'id="{line.anchor}"') :]
    assert awaiting(request) in row[: row.index("</tr>")]


def test_citing_the_received_document_instead_ends_the_wait(client):
    editor = make_trusted()
    dossier = make_dossier()
    request = make_document_request(dossiers=[dossier])
    line = make_funding_line(dossier, source_keys=request.key)
    dossier.body = f"Selon la convention [@{request.key}]."
    save_dossier_revision(dossier, user=editor, reason="En attente")
    assert RequestCitation.objects.filter(dossier=dossier).count() == 1
    listed = client.get(reverse("requests:awaited")).text
    assert listed.count(request.get_absolute_url()) == 2  # the text and the row

    received = make_source("convention-recue", kind="cada", answers_request=request.key)
    dossier.body = "Selon la convention [@convention-recue]."
    save_dossier_revision(dossier, user=editor, reason="Document reçu")
    line.source_keys = received.key
    save_row_revision(line, user=editor, reason="Document reçu")
    assert not RequestCitation.objects.filter(dossier=dossier).exists()
    page = client.get(dossier.get_absolute_url()).text
    assert fr("à confirmer") not in page
    assert request.get_absolute_url() not in client.get(reverse("requests:awaited")).text


def test_the_list_of_awaited_claims_costs_the_same_whatever_its_length(
    client, django_assert_max_num_queries
):
    counts = []
    editor = make_trusted()
    for size in (1, 12):
        for _ in range(size):
            dossier = make_dossier()
            request = make_document_request(dossiers=[dossier])
            make_funding_line(dossier, source_keys=request.key)
            dossier.body = f"Attendu [@{request.key}]."
            save_dossier_revision(dossier, user=editor, reason="En attente")
        # The texts, one query per kind of row, the requests the rows cite.
        with django_assert_max_num_queries(7) as queries:
            response = client.get(reverse("requests:awaited"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert response.text.count("awaited-table") == 1
    assert response.text.count("<tr>") == 1 + 2 * 13


def test_drafts_keep_their_claims_to_themselves(client):
    draft = make_dossier(status="draft", body="Rien.")
    request = make_document_request(dossiers=[draft])
    draft.body = f"Attendu [@{request.key}]."
    save_dossier_revision(draft, user=None, reason="Brouillon")
    make_funding_line(draft, source_keys=request.key)
    assert request.get_absolute_url() not in client.get(reverse("requests:awaited")).text


def test_a_page_of_the_list_that_does_not_exist_is_a_404_as_everywhere(client):
    assert client.get(reverse("requests:awaited"), {"page": "1"}).status_code == 200
    for page in ("2", "0", "abc"):
        assert client.get(reverse("requests:awaited"), {"page": page}).status_code == 404
