"""Requests for documents written at the same moment (issue 20), on both databases:
keys are allocated race-free, and of two updates of one request, one wins and the other
is told, nothing lost and no 500.

Lock order (review.actions): the request's row, then the free-key insert; the links to
dossiers are written after, by the transaction that holds the request."""

import pytest
from django.urls import reverse

from dossiers.models import DocumentRequest
from tests.concurrency import client_for, run_together, statuses
from tests.factories import make_actor, make_city, make_document_request, make_dossier
from tests.personas import make_moderator, make_trusted
from tests.test_document_requests import form_data
from tests.test_race_generated_names import check_then_pause  # noqa: F401 -- a fixture

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_requests_to_one_administration_in_one_month_all_get_a_key(check_then_pause):  # noqa: F811
    city = make_city(name="Valenciennes", insee_code="59606")
    administration = make_actor("Ville de Valenciennes", kind="local_authority", city=city)
    dossier = make_dossier(city=city)
    clients = [client_for(make_trusted(f"demandeur{n}")) for n in range(WRITERS)]
    data = form_data(administration, dossier)

    responses = run_together(
        [lambda c=client: c.post(reverse("requests:create"), data) for client in clients]
    )

    assert statuses(responses) == [302] * WRITERS
    keys = set(DocumentRequest.objects.values_list("key", flat=True))
    assert len(keys) == WRITERS
    requests = DocumentRequest.objects.all()
    assert {request.requester.username for request in requests} == {
        f"demandeur{n}" for n in range(WRITERS)
    }
    assert all(request.links.get().dossier_id == dossier.pk for request in requests)


@pytest.mark.django_db(transaction=True)
def test_the_requester_and_a_moderator_updating_at_once_one_wins(client):
    requester = make_trusted("requerante")
    request = make_document_request(user=requester)
    dossier = request.links.get().dossier
    answered = form_data(
        request.administration,
        dossier,
        sent_on=request.sent_on.isoformat(),
        state="answered",
        answered_on=request.sent_on.isoformat(),
        base_version=1,
        edit_summary="Documents reçus",
    )
    refused = {**answered, "state": "refused", "edit_summary": "Refus écrit"}
    edit = reverse("requests:edit", args=[request.key])
    clients = [client_for(requester), client_for(make_moderator())]

    responses = run_together(
        [lambda: clients[0].post(edit, answered), lambda: clients[1].post(edit, refused)]
    )

    assert sorted(statuses(responses)) == [302, 409]
    request.refresh_from_db()
    assert request.version == 2 and request.history.count() == 2
    won = 0 if responses[0].status_code == 302 else 1
    assert request.state == [answered, refused][won]["state"]
    # The other one is told, with their own update kept in the form.
    kept = [answered, refused][1 - won]["edit_summary"]
    assert f'value="{kept}"' in responses[1 - won].content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_text_and_a_row_citing_requests_at_once_keep_both_citations():
    """Both rewrite the dossier's citations; the dossier's lock serialises them, and
    each reads the other's keys under it."""
    from dossiers.models import RequestCitation
    from tests.review_helpers import edit_form_data
    from tests.test_sheet_editing import add_url, funding_data

    dossier = make_dossier(title="Vidéosurveillance")
    in_text, in_row = (make_document_request(dossiers=[dossier]) for _ in range(2))
    setting = {
        "dossier": dossier,
        "city": make_actor("Ville de Test", kind="local_authority"),
        "company": make_actor("Huawei"),
    }
    body = f"Attendu [@{in_text.key}]."
    edit = reverse("dossiers:edit", args=[dossier.slug])
    text_data = edit_form_data(dossier, body=body)
    row_data = funding_data(setting, source_keys=f"[@{in_row.key}]")
    clients = [client_for(make_trusted("texte")), client_for(make_trusted("ligne"))]

    responses = run_together(
        [
            lambda: clients[0].post(edit, text_data),
            lambda: clients[1].post(add_url(dossier), row_data),
        ]
    )

    assert statuses(responses) == [302, 302]
    cited = RequestCitation.objects.filter(dossier=dossier).order_by("position")
    assert [(c.request_id, c.position, c.in_text) for c in cited] == [
        (in_text.pk, 1, True),
        (in_row.pk, 2, False),
    ]
