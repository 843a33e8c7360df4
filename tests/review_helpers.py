"""Build change requests the way the site does: through the edit form."""

from django.test import Client
from django.urls import reverse

from review.models import ChangeRequest


def edit_form_data(dossier, edit_summary="Une proposition", **fields):
    """POST data of the dossier edit form, starting from the dossier's current values."""
    return {
        "city": dossier.city.insee_code,
        "title": dossier.title,
        "summary": dossier.summary,
        "stage": dossier.stage,
        "body": dossier.body,
        "edit_summary": edit_summary,
        "base_version": dossier.version,
        **fields,
    }


def propose_edit(author, dossier, edit_summary="Une proposition", **fields):
    """Have `author` submit the edit form of `dossier`; returns the change request."""
    data = edit_form_data(dossier, edit_summary, **fields)
    client = Client()
    client.force_login(author)
    response = client.post(reverse("dossiers:edit", args=[dossier.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ChangeRequest.objects.filter(author=author).latest("updated_at")


def decision_data(change, reason=""):
    """POST data of a moderator's decision on the proposal as it stands now."""
    return {"reason": reason, "revision": change.revision}


def funding_line_data(payer, recipient, source, **fields):
    """POST data of a new funding line of the sheet."""
    return {
        "payer": payer.name,
        "recipient": recipient.name,
        "instrument": "subsidy",
        "amount": "24 000",
        "tax_basis": "unstated",
        "nature": "supplies_services",
        "start": "2017",
        "source_keys": source.key,
        "edit_summary": "Ajout du financement",
        **fields,
    }


def source_with_hidden_first_revision(author):
    """A source `author` added with a summary naming someone, then retitled; a
    moderator has hidden the first revision for « Données personnelles »."""
    from review.actions import set_hidden
    from tests.factories import make_source
    from tests.personas import make_moderator

    source = make_source(user=author, reason="Nom et adresse d’un agent")
    source.title = "Nouveau titre"
    source.save_revision(user=author, reason="Titre")
    set_hidden(
        source.history.earliest(),
        moderator=make_moderator(),
        reason="Données personnelles",
        hidden=True,
        record=source,
        label="x",
    )
    return source
