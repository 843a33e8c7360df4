"""Adding and editing the rows of a dossier's sheet: review, bad input, removal, history."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_row_revision
from dossiers.models import Actor, Figure, FundingLine, TechnologyUse
from review.models import ChangeRequest, Protection
from tests.factories import (
    make_actor,
    make_dossier,
    make_funding_line,
    make_source,
    set_protection,
)
from tests.personas import logged_in, make_contributor, make_moderator, make_trusted
from tests.review_helpers import decision_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    source = make_source("convention-2017")
    return {
        "dossier": make_dossier(title="Vidéosurveillance"),
        "city": make_actor("Ville de Test", kind="local_authority", source=source),
        "company": make_actor("Huawei", source=source),
        "source": source,
    }


def add_url(dossier, section="financements"):
    return reverse("dossiers:row_create", args=[dossier.slug, section])


def funding_data(setting, **fields):
    return {
        "payer": "ville de test",  # case and accents do not matter
        "recipient": "Huawei",
        "instrument": "maintenance",
        "amount": "24 000",
        "tax_basis": "unstated",
        "nature": "supplies_services",
        "start": "02/2017",
        "end": "",
        "share": "",
        "description": "Maintenance pendant trois ans.",
        "source_keys": "[@convention-2017]",
        "edit_summary": "Ajout de la maintenance",
        **fields,
    }


def test_a_contributors_line_waits_for_review_then_shows(client, setting):
    dossier = setting["dossier"]
    author = make_contributor()
    response = logged_in(client, author).post(add_url(dossier), funding_data(setting))
    change = ChangeRequest.objects.get()
    assert response.url == change.get_absolute_url()
    assert not FundingLine.objects.exists()
    assert change.title == fr("Vidéosurveillance — financement : contrat de maintenance, 24 000 €")
    client.logout()
    assert "Maintenance pendant trois ans" not in client.get(dossier.get_absolute_url()).text

    logged_in(client, make_moderator())
    client.post(reverse("review:approve", args=[change.pk]), decision_data(change))
    line = FundingLine.objects.get()
    assert (line.payer, line.recipient, line.amount) == (setting["city"], setting["company"], 24000)
    assert line.start == "2017-02" and line.source_keys == "convention-2017"
    assert line.history.get().history_user == author
    client.logout()
    page = client.get(dossier.get_absolute_url()).text
    assert "Maintenance pendant trois ans" in page
    assert fr("Juste sous le seuil : 4,0 % sous 25 000 € HT") in page


def test_a_trusted_contributor_publishes_at_once(client, setting):
    dossier = setting["dossier"]
    response = logged_in(client, make_trusted()).post(add_url(dossier), funding_data(setting))
    line = FundingLine.objects.get()
    assert response.url == f"{dossier.get_absolute_url()}#fundingline-{line.pk}"
    assert not ChangeRequest.objects.exists()


BAD_FUNDING = [
    ({"amount": "-5"}, "amount", "Un montant ne peut pas être négatif."),
    ({"amount": "0"}, "amount", "laissez le champ vide si le montant est inconnu"),
    ({"amount": "99 999 999 999"}, "amount", "invraisemblable"),
    ({"amount": "beaucoup"}, "amount", "Saisissez un nombre."),
    ({"start": "2018", "end": "05/2017"}, "end", "La fin ne peut pas précéder le début."),
    ({"start": "32/13/2017"}, "start", "Date non reconnue"),
    ({"share": "150"}, "share", "Une part s’exprime entre 0 et 100"),
    ({"share": "-1"}, "share", "Une part s’exprime entre 0 et 100"),
    ({"payer": "Inconnue SA"}, "payer", "Aucun acteur enregistré ne s’appelle « Inconnue SA »"),
    ({"recipient": "Ville de Test"}, "recipient", "Le payeur et le bénéficiaire sont le même"),
    ({"source_keys": ""}, "source_keys", "Indiquez au moins une source"),
    ({"source_keys": "nulle-part-2020"}, "source_keys", "Aucune source publiée n’a la clé"),
    ({"source_keys": "été 2020"}, "source_keys", "n’est pas une clé de source"),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD_FUNDING)
def test_bad_funding_input_is_refused_and_kept(client, setting, fields, field, message):
    logged_in(client, make_trusted())
    response = client.post(add_url(setting["dossier"]), funding_data(setting, **fields))
    assert response.status_code == 200
    assert fr(message) in response.text
    form = response.context["form"]
    assert field in form.errors
    for name, value in fields.items():
        assert form[name].value() == value  # what the contributor typed is still there
    assert not FundingLine.objects.exists()
    assert not ChangeRequest.objects.exists()


def test_an_unknown_actor_gets_suggestions_and_a_link_to_create_it(client, setting):
    logged_in(client, make_trusted())
    response = client.post(add_url(setting["dossier"]), funding_data(setting, payer="huawe"))
    error = str(response.context["form"].errors["payer"])
    assert fr("Vouliez-vous dire : Huawei ?") in error
    assert f'href="{reverse("actors:create")}"' in error


def test_a_figure_needs_a_source(client, setting):
    logged_in(client, make_trusted())
    data = {"metric": "cameras", "value": "361", "as_of": "08/2021", "scope": "",
            "source_keys": "", "edit_summary": "Nombre de caméras"}  # fmt: skip
    response = client.post(add_url(setting["dossier"], "chiffres"), data)
    assert "Indiquez au moins une source" in response.text
    assert not Figure.objects.exists()
    data["source_keys"] = "convention-2017"
    client.post(add_url(setting["dossier"], "chiffres"), data)
    assert Figure.objects.get().as_of == "2021-08"


def test_an_unknown_technology_is_refused(client, setting):
    logged_in(client, make_trusted())
    data = {"technology": "telepathie", "status": "deployed", "note": "",
            "source_keys": "convention-2017", "edit_summary": "Ajout"}  # fmt: skip
    response = client.post(add_url(setting["dossier"], "technologies"), data)
    assert "Technologie inconnue" in response.text
    assert not TechnologyUse.objects.exists()


def test_a_technology_is_listed_once_per_dossier(client, setting):
    logged_in(client, make_trusted())
    data = {"technology": "drones", "status": "announced", "note": "",
            "source_keys": "convention-2017", "edit_summary": "Ajout"}  # fmt: skip
    client.post(add_url(setting["dossier"], "technologies"), data)
    response = client.post(add_url(setting["dossier"], "technologies"), data)
    assert "Cette technologie figure déjà dans ce dossier" in response.text
    assert TechnologyUse.objects.count() == 1


def test_the_dossier_is_the_one_in_the_address(client, setting):
    other = make_dossier(title="Autre dossier")
    logged_in(client, make_trusted())
    client.post(add_url(setting["dossier"]), funding_data(setting, dossier=other.slug))
    assert FundingLine.objects.get().dossier == setting["dossier"]


def test_protection_of_the_dossier_applies_to_its_rows(client, setting):
    dossier = setting["dossier"]
    line = make_funding_line(dossier, payer=setting["city"], recipient=setting["company"])
    set_protection(dossier, Protection.PROTECTED, "Vandalisme")
    logged_in(client, make_contributor())
    assert client.get(add_url(dossier)).status_code == 403
    assert client.post(add_url(dossier), funding_data(setting)).status_code == 403
    edit_url = reverse("dossiers:row_edit", args=[dossier.slug, "financements", line.pk])
    assert client.post(edit_url, funding_data(setting)).status_code == 403
    assert not ChangeRequest.objects.exists()
    logged_in(client, make_trusted())
    assert client.get(add_url(dossier)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, setting):
    response = client.get(add_url(setting["dossier"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_removing_a_line_keeps_it_in_history_and_restore_brings_it_back(client, setting):
    dossier = setting["dossier"]
    line = make_funding_line(
        dossier,
        payer=setting["city"],
        recipient=setting["company"],
        description="Ligne contestée",
        source_keys="convention-2017",
    )
    trusted = logged_in(client, make_trusted())
    edit_url = reverse("dossiers:row_edit", args=[dossier.slug, "financements", line.pk])
    data = funding_data(setting, description="Ligne contestée", removed="on",
                        base_version=line.version, edit_summary="Doublon")  # fmt: skip
    trusted.post(edit_url, data)
    line.refresh_from_db()
    assert line.removed
    assert "Ligne contestée" not in client.get(dossier.get_absolute_url()).text

    history_url = reverse("dossiers:row_history", args=[dossier.slug, "financements", line.pk])
    history = client.get(history_url).text
    assert "Doublon" in history and "2 révisions publiées" in history
    first = line.history.earliest("history_date")
    client.post(
        reverse(
            "dossiers:row_restore", args=[dossier.slug, "financements", line.pk, first.history_id]
        ),
        {"base_version": line.version},
    )
    line.refresh_from_db()
    assert not line.removed and line.version == 3
    assert "Ligne contestée" in client.get(dossier.get_absolute_url()).text


def test_an_edit_that_crosses_another_gets_a_conflict(client, setting):
    dossier = setting["dossier"]
    line = make_funding_line(dossier, payer=setting["city"], recipient=setting["company"])
    stale_version = line.version
    line.amount = 25000
    save_row_revision(line, user=None, reason="Correction")
    logged_in(client, make_trusted())
    edit_url = reverse("dossiers:row_edit", args=[dossier.slug, "financements", line.pk])
    response = client.post(
        edit_url, funding_data(setting, amount="23 000", base_version=stale_version)
    )
    assert response.status_code == 409
    assert response.context["form"]["amount"].value() == "23 000"
    line.refresh_from_db()
    assert line.amount == 25000


def test_row_history_compare_and_revision_pages(client, setting):
    dossier = setting["dossier"]
    line = make_funding_line(dossier, payer=setting["city"], recipient=setting["company"],
                             amount="20000")  # fmt: skip
    line.amount = 24000
    save_row_revision(line, user=make_trusted(), reason="Montant corrigé")
    old, new = line.history.order_by("history_date")
    args = [dossier.slug, "financements", line.pk]
    compare = client.get(
        reverse("dossiers:row_compare", args=args) + f"?de={old.history_id}&a={new.history_id}"
    ).text
    assert "<del>20</del><ins>24</ins>\u202f000" in compare
    revision = client.get(reverse("dossiers:row_revision", args=[*args, old.history_id])).text
    assert fr("20 000 €") in revision
    assert "Ce n’est pas la version actuelle." in revision
    assert (
        client.get(
            reverse("dossiers:row_history", args=[dossier.slug, "chiffres", line.pk])
        ).status_code
        == 404
    )


def test_a_pending_actor_is_invisible_until_approved(client, setting):
    logged_in(client, make_contributor())
    data = {
        "name": "Briefcam",
        "kind": "company",
        "description": "Éditeur",
        "source_keys": "convention-2017",
        "edit_summary": "Nouvel acteur",
    }
    client.post(reverse("actors:create"), data)
    change = ChangeRequest.objects.get()
    assert change.title == fr("Acteur : Briefcam")
    client.logout()
    assert "Briefcam" not in client.get(reverse("actors:list")).text
    assert not Actor.objects.filter(name="Briefcam").exists()

    logged_in(client, make_moderator())
    client.post(reverse("review:approve", args=[change.pk]), decision_data(change))
    client.logout()
    actor = Actor.objects.get(name="Briefcam")
    assert "Briefcam" in client.get(reverse("actors:list")).text
    assert "Éditeur" in client.get(actor.get_absolute_url()).text


def test_an_actor_name_is_registered_once(client, setting):
    logged_in(client, make_trusted())
    data = {"name": "HUAWEI", "kind": "company", "source_keys": "convention-2017",
            "edit_summary": "Doublon"}  # fmt: skip
    response = client.post(reverse("actors:create"), data)
    assert "Cet acteur est déjà enregistré" in response.text
    assert Actor.objects.count() == 2
