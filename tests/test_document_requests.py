"""Requests for administrative documents (issue 20, part 2): recorded through review,
kept by their requester and the moderators, their legal dates shown and listed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activity import watching
from activity.models import Subscription
from activity.notifications import send_due
from core.typography import space_french as fr
from dossiers import deadlines
from dossiers.forms import DocumentRequestForm
from dossiers.models import DocumentRequest
from review import actions
from review.models import ChangeRequest
from sources.forms import SourceForm
from sources.models import Source
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_document_request,
    make_dossier,
    make_source,
    make_user,
)
from tests.pdfs import pdf_with_text
from tests.personas import logged_in, make_contributor, make_moderator, make_trusted
from tests.test_notifications import later

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def form_data(actor, dossier, **fields):
    data = {
        "title": "Convention de vidéoprotection",
        "administration": actor.name,
        "dossier_slugs": dossier.slug,
        "asked": "La convention signée avec le fournisseur des caméras.",
        "documents": "Convention\nDélibération",
        "sent_on": (today() - timedelta(days=10)).isoformat(),
        "month_only": "",
        "channel": "email",
        "public_url": "",
        "received_on": "",
        "state": "sent",
        "answered_on": "",
        "referred_on": "",
        "opinion_on": "",
        "opinion": "",
        "final_answer_on": "",
        "court_on": "",
        "answer_source_keys": "",
        "notes": "",
        "edit_summary": "Demande envoyée",
    }
    return {**data, **fields}


@pytest.fixture
def place():
    department = make_department(name="Nord", code="59")
    city = make_city(name="Valenciennes", department=department, insee_code="59606")
    administration = make_actor("Ville de Valenciennes", kind="local_authority", city=city)
    return administration, make_dossier(city=city)


def test_a_trusted_contributor_records_a_request_and_sees_its_legal_dates(client, place):
    administration, dossier = place
    logged_in(client, make_trusted())
    sent = today() - timedelta(days=10)

    response = client.post(reverse("requests:create"), form_data(administration, dossier))

    request = DocumentRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.key == f"demande-valenciennes-{sent:%Y-%m}"
    assert request.requester.username == "tristan"
    assert request.due_on == deadlines.add_months(sent, 1)  # the silence becomes a refusal
    assert list(request.links.values_list("dossier", flat=True)) == [dossier.pk]
    page = client.get(request.get_absolute_url()).content.decode()
    assert "refus implicite si l’administration se tait" in page
    assert "R. 311-12 et R. 311-13" in page
    assert "Date limite pour saisir la CADA" in page
    referral = deadlines.referral_deadline(deadlines.add_months(sent, 1), "59")
    assert f'datetime="{referral.day:%Y-%m-%d}"' in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"sent_on": "2099-01-01"}, "sent_on", "Cette date est dans le futur."),
        (
            {"state": "answered", "answered_on": "2020-01-01", "sent_on": "2020-02-01"},
            "answered_on",
            "Cette date précède l’envoi de la demande (1er février 2020).",
        ),
        (
            {"state": "referred", "sent_on": "2024-01-31", "referred_on": "2024-02-20"},
            "referred_on",
            "le refus naît du silence le 29 février 2024 (CRPA, art. R. 311-13).",
        ),
        (
            {
                "state": "referred",
                "sent_on": "2024-01-10",
                "answered_on": "2024-01-25",
                "referred_on": "2024-01-20",
            },
            "referred_on",
            "La CADA ne se saisit qu’après le refus, reçu le 25 janvier 2024.",
        ),
        ({"state": "referred"}, "referred_on", "L’état « CADA saisie » demande ce champ."),
        (
            {"state": "opinion", "sent_on": "2024-01-10", "referred_on": "2024-03-01"},
            "opinion_on",
            "L’état « avis de la CADA rendu » demande ce champ.",
        ),
        ({"administration": "Mairie inconnue"}, "administration", "Mairie inconnue"),
        ({"dossier_slugs": "pas-de-tel-dossier"}, "dossier_slugs", "« pas-de-tel-dossier »"),
        ({"answer_source_keys": "source-absente"}, "answer_source_keys", "source-absente"),
    ],
)
def test_bad_input_is_answered_on_the_form_with_the_text_kept(
    client, place, fields, field, message
):
    administration, dossier = place
    logged_in(client, make_trusted())
    data = form_data(administration, dossier, title="Texte gardé", **fields)

    response = client.post(reverse("requests:create"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(fr(message) in error for error in errors[field]), errors[field]
    assert 'value="Texte gardé"' in response.content.decode()
    assert not DocumentRequest.objects.exists()


def test_a_company_is_not_an_administration(client, place):
    _administration, dossier = place
    company = make_actor("Huawei", kind="company")
    logged_in(client, make_trusted())
    response = client.post(reverse("requests:create"), form_data(company, dossier))
    error = response.context["form"].errors["administration"][0]
    assert error.startswith(fr("Huawei n’est pas une administration (entreprise) :"))


def test_a_contributor_s_request_waits_for_review_and_is_theirs_once_approved(client, place):
    administration, dossier = place
    contributor = make_contributor()
    logged_in(client, contributor)
    client.post(reverse("requests:create"), form_data(administration, dossier))
    assert not DocumentRequest.objects.exists()
    change = ChangeRequest.objects.pending().get()

    actions.approve(change, moderator=make_moderator(), revision=change.revision)

    assert DocumentRequest.objects.get().requester == contributor


def test_only_the_requester_and_the_moderators_update_a_request(client, place):
    administration, dossier = place
    requester, other = make_trusted("requerante"), make_trusted("autre")
    request = make_document_request(
        administration=administration, dossiers=[dossier], user=requester
    )
    edit = reverse("requests:edit", args=[request.key])
    update = form_data(
        administration,
        dossier,
        state="answered",
        sent_on=request.sent_on.isoformat(),
        answered_on=today().isoformat(),
        base_version=request.version,
        edit_summary="Documents reçus",
    )

    logged_in(client, other)
    assert client.get(edit).status_code == 403
    assert client.post(edit, update).status_code == 403
    form = DocumentRequestForm(data=update, instance=request, user=other)
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        actions.publish(form, user=other, summary="Documents reçus", base_version=request.version)
    detail = client.get(request.get_absolute_url()).content.decode()
    assert edit not in detail

    logged_in(client, requester)
    assert client.post(edit, update).status_code == 302
    request.refresh_from_db()
    assert (request.state, request.version, request.due_on) == ("answered", 2, None)

    logged_in(client, make_moderator())
    update.update(base_version=2, notes="Vérifié", edit_summary="Vérification")
    assert client.post(edit, update).status_code == 302
    assert DocumentRequest.objects.get().notes == "Vérifié"


def test_the_list_shows_overdue_requests_first_and_filters_them(client, place):
    administration, dossier = place
    silent = make_document_request(
        administration=administration, dossiers=[dossier], sent_on=today() - timedelta(days=60)
    )
    waiting = make_document_request(dossiers=[dossier], sent_on=today() - timedelta(days=3))
    answered = make_document_request(
        dossiers=[dossier],
        state="answered",
        sent_on=today() - timedelta(days=90),
        answered_on=today() - timedelta(days=80),
    )

    def listed(query=""):
        response = client.get(reverse("requests:list") + query)
        assert response.status_code == 200
        return [item.pk for item in response.context["object_list"]]

    assert listed() == [silent.pk, waiting.pk, answered.pk]
    assert listed("?overdue=oui") == [silent.pk]
    assert listed("?overdue=non") == [waiting.pk, answered.pk]
    assert listed("?state=silent") == [silent.pk]
    assert listed("?state=sent") == [waiting.pk]
    assert listed("?state=answered") == [answered.pk]
    # Dated to the month only, a request sent has no legal date, and is still waiting.
    month_only = make_document_request(dossiers=[dossier], month_only=True)
    assert listed("?state=sent") == [waiting.pk, month_only.pk]
    assert month_only.pk not in listed("?state=silent") + listed("?overdue=oui")
    assert month_only.pk in listed("?overdue=non")
    department = administration.city.department
    assert listed(f"?department={department.pk}") == [silent.pk]
    assert listed(f"?administration={administration.slug}") == [silent.pk]
    page = client.get(reverse("requests:list")).content.decode()
    assert fr("sans réponse : refus implicite") in page
    assert "échéance dépassée" in page


def test_a_dossier_lists_the_requests_that_serve_it(client, place):
    administration, dossier = place
    request = make_document_request(administration=administration, dossiers=[dossier])
    other = make_document_request()

    page = client.get(dossier.get_absolute_url()).content.decode()

    assert request.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    create = reverse("requests:create") + f"?dossier={dossier.slug}"
    assert create in page
    logged_in(client, make_trusted())
    form = client.get(create).context["form"]
    assert form.initial["dossier_slugs"] == dossier.slug


def test_documents_received_are_shown_with_their_sources(client, place):
    administration, dossier = place
    answer = make_source("reponse-mairie", kind="cada", title="Réponse de la mairie")
    request = make_document_request(
        administration=administration,
        dossiers=[dossier],
        state="answered",
        answered_on=today(),
        answer_source_keys=answer.key,
    )
    page = client.get(request.get_absolute_url()).content.decode()
    assert answer.get_absolute_url() in page
    assert "Réponse de la mairie" in page


def test_a_request_has_a_history_and_a_restoration_is_a_new_revision(client, place):
    administration, dossier = place
    requester = make_trusted()
    request = make_document_request(
        administration=administration, dossiers=[dossier], user=requester
    )
    first = request.public_revisions().get()
    request.notes = "Relance envoyée."
    request.save_revision(user=requester, reason="Relance")

    actions.restore(first, user=requester, base_version=2)

    request.refresh_from_db()
    assert (request.version, request.notes) == (3, "")
    history = client.get(reverse("requests:history", args=[request.key])).content.decode()
    assert "Relance" in history and fr("Restauration de la révision n° 1") in history


def test_the_valenciennes_demo_has_its_request(client, valenciennes_demo):
    request = DocumentRequest.objects.get(links__dossier=valenciennes_demo)
    assert (request.state, request.month_only, request.sent_on.isoformat()[:7]) == (
        "answered",
        True,
        "2018-12",
    )
    assert request.administration.name == "Ville de Valenciennes"
    assert request.answer_source_list == [
        "valenciennes-huawei-convention-2017-02",
        "valenciennes-deliberation-2016-12-09",
    ]
    page = client.get(request.get_absolute_url()).content.decode()
    assert "décembre 2018" in page and "1er décembre" not in page
    assert fr("connues qu’au mois près : le site ne calcule pas ses délais") in page
    assert reverse("sources:detail", args=["valenciennes-huawei-convention-2017-02"]) in page
    assert (
        request.get_absolute_url()
        in client.get(valenciennes_demo.get_absolute_url()).content.decode()
    )


def test_the_english_page_is_translated(client, place):
    administration, dossier = place
    request = make_document_request(administration=administration, dossiers=[dossier])
    page = client.get("/en" + request.get_absolute_url()).content.decode()
    assert "Timeline and deadlines" in page
    assert "Chronologie et délais" not in page


def test_the_edit_form_gives_the_browser_its_dates_in_iso_format(client, place):
    """A date field shows nothing unless its value is YYYY-MM-DD: an update would then
    lose every date the request had."""
    administration, dossier = place
    requester = make_trusted()
    request = make_document_request(
        administration=administration, dossiers=[dossier], user=requester
    )
    logged_in(client, requester)
    page = client.get(reverse("requests:edit", args=[request.key])).content.decode()
    assert f'type="date" name="sent_on" value="{request.sent_on:%Y-%m-%d}"' in page


def test_the_requester_and_the_dossiers_watchers_are_told_when_a_deadline_passes(settings):
    settings.SITE_URL = "https://villes.example"
    today = timezone.localdate()
    city_hall = make_actor(kind="local_authority")

    def due(sent_on):
        request = DocumentRequest(sent_on=sent_on, administration=city_hall)
        return request.legal_dates().waiting_for.day

    # A request sent long enough ago that its implicit refusal fell in the last days.
    sent_on = next(
        today - timedelta(days=days)
        for days in range(25, 45)
        if today - timedelta(days=4) <= due(today - timedelta(days=days)) < today
    )
    requester, watcher, stranger = (
        make_user(name, email=f"{name}@example.org") for name in ("req", "wat", "str")
    )
    request = make_document_request(
        user=requester, sent_on=sent_on, title="Les conventions", administration=city_hall
    )
    watching.watch(watcher, request.links.get().dossier)
    five_days_ago = timezone.now() - timedelta(days=5)
    for user in (requester, watcher, stranger):
        Subscription.objects.update_or_create(
            user=user, defaults={"frequency": "immediate", "notified_until": five_days_ago}
        )

    assert send_due(later()).sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "req@example.org",
        "wat@example.org",
    ]
    body = mail.outbox[0].body
    assert fr("« Les conventions »") in body and request.get_absolute_url() in body
    assert fr("est passé sans suite notée") in body
    # Told once.
    assert send_due(later(minutes=5)).sent == 0


class TestReceivedDocuments:
    def test_a_received_pdf_becomes_a_cada_source_linked_to_the_request(self, client):
        requester = make_trusted("requerante")
        request = make_document_request(user=requester, title="Les conventions")
        page = client.get(request.get_absolute_url()).text
        answer_url = reverse("requests:answer", args=[request.key])
        assert answer_url in page
        client.force_login(requester)
        form = client.get(answer_url)
        initial = form.context["form"].initial
        assert initial["kind"] == "cada" and initial["answers_request"] == request.key
        assert initial["publisher"] == request.administration.name
        data = {
            **{name: value for name, value in initial.items() if value not in (None, False)},
            "language": "fr",
            "edit_summary": "Document reçu",
            "upload": SimpleUploadedFile(
                "reponse.pdf", pdf_with_text("Convention de mise a disposition")
            ),
        }
        response = client.post(answer_url, data)
        assert response.status_code == 302
        source = Source.objects.get(answers_request=request.key)
        assert source.kind == "cada" and source.document.text.startswith("Convention")
        page = client.get(request.get_absolute_url()).text
        assert source.get_absolute_url() in page and source.document.get_absolute_url() in page
        assert request.get_absolute_url() in client.get(source.get_absolute_url()).text

    def test_a_contributors_answer_waits_for_review_like_any_source(self, client):
        request = make_document_request()
        client.force_login(make_contributor("camille"))
        answer_url = reverse("requests:answer", args=[request.key])
        initial = client.get(answer_url).context["form"].initial
        data = {
            **{name: value for name, value in initial.items() if value not in (None, False)},
            "language": "fr",
            "edit_summary": "Document reçu",
            "upload": SimpleUploadedFile("reponse.pdf", pdf_with_text("Reponse de la mairie")),
        }
        assert client.post(answer_url, data).status_code == 302
        assert not Source.objects.filter(answers_request=request.key).exists()
        change = ChangeRequest.objects.get()
        assert change.proposed["answers_request"] == request.key
        actions.approve(change, moderator=make_moderator(), revision=change.revision)
        assert Source.objects.get(answers_request=request.key).kind == "cada"

    def test_a_source_names_only_a_request_that_exists(self, client):
        form = SourceForm(
            data={
                "kind": "cada",
                "title": "Réponse",
                "url": "https://madada.fr/reponse",
                "language": "fr",
                "answers_request": "demande-nulle-part-2020-01",
                "key": "demande-usurpee",
                "edit_summary": "Ajout",
            }
        )
        assert not form.is_valid()
        assert form.errors["answers_request"] == [
            fr("Aucune demande de documents n’a la clé « demande-nulle-part-2020-01 ».")
        ]
        assert "demande-" in form.errors["key"][0]
