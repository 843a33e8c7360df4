"""One history stack for every reviewed type (issue 15): sources, actors and sheet rows
have what dossiers have (hiding with a reason, size change), through the same views,
and the registry's start-up checks refuse a type that misses a declaration."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_row_revision
from dossiers.models import FundingLine
from review import checks, registry
from review.history import history_url
from review.models import ModerationAction
from tests.factories import make_actor, make_dossier, make_funding_line, make_source
from tests.personas import make_moderator

pytestmark = pytest.mark.django_db


def two_revisions_of_a_source():
    source = make_source(title="Premier titre", reason="Création")
    source.title = "Premier titre, corrigé avec le nom de quelqu’un"
    source.save_revision(user=None, reason="Nom d’une personne privée")
    source.title = "Titre final"
    source.save_revision(user=None, reason="Retrait du nom")
    return source


def two_revisions_of_an_actor():
    actor = make_actor(name="Acme")
    actor.description = "Décrit avec le nom de quelqu’un"
    actor.save_revision(user=None, reason="Nom d’une personne privée")
    actor.description = "Décrit sans nom"
    actor.save_revision(user=None, reason="Retrait du nom")
    return actor


def two_revisions_of_a_row():
    row = make_funding_line(make_dossier())
    row.amount = "25000"
    save_row_revision(row, user=None, reason="Nom d’une personne privée")
    row.amount = "26000"
    save_row_revision(row, user=None, reason="Retrait du nom")
    return row


MAKERS = {
    "source": two_revisions_of_a_source,
    "actor": two_revisions_of_an_actor,
    "row": two_revisions_of_a_row,
}


def middle_revision(record):
    return record.history.get(version=record.version - 1)


@pytest.mark.parametrize("kind", MAKERS)
def test_a_moderator_hides_a_past_revision_of_any_type_with_a_reason(client, kind):
    record = MAKERS[kind]()
    revision = middle_revision(record)
    client.force_login(make_moderator())
    response = client.post(
        history_url(record, "hide", revision.history_id), {"reason": "Données personnelles"}
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.is_hidden and revision.hidden_reason == "Données personnelles"
    entry = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert entry.reason == "Données personnelles"
    assert fr(f"révision n° {revision.version}") in entry.target_label

    client.logout()
    history = client.get(history_url(record, "history")).text
    assert fr("Contenu masqué par la modération : Données personnelles") in history
    assert "Nom d’une personne privée" not in history
    page = client.get(history_url(record, "revision", revision.history_id))
    assert page.status_code == 200
    assert "Le contenu de cette révision a été masqué par la modération." in page.text
    assert "Nom d’une personne privée" not in page.text
    assert "Tous les champs" not in page.text
    compare = client.get(
        history_url(record, "compare")
        + f"?de={revision.history_id}&a={record.history.latest().history_id}"
    )
    assert compare.context["diff"] is None


@pytest.mark.parametrize("kind", MAKERS)
def test_a_moderator_still_reads_a_hidden_revision_and_can_unhide_it(client, kind):
    record = MAKERS[kind]()
    revision = middle_revision(record)
    moderator = make_moderator()
    client.force_login(moderator)
    client.post(history_url(record, "hide", revision.history_id), {"reason": "Motif"})
    page = client.get(history_url(record, "revision", revision.history_id))
    assert "Nom d’une personne privée" in page.text
    assert "Vous le voyez parce que vous êtes modérateur" in page.text
    client.post(history_url(record, "unhide", revision.history_id), {"reason": "Erreur"})
    revision.refresh_from_db()
    assert not revision.is_hidden
    client.logout()
    assert "Nom d’une personne privée" in client.get(history_url(record, "history")).text


@pytest.mark.parametrize("kind", MAKERS)
def test_the_current_revision_of_any_type_cannot_be_hidden(client, kind):
    record = MAKERS[kind]()
    current = record.history.latest()
    client.force_login(make_moderator())
    client.post(history_url(record, "hide", current.history_id), {"reason": "Motif"})
    current.refresh_from_db()
    assert not current.is_hidden


def test_source_history_shows_each_revisions_size_change(client):
    source = two_revisions_of_a_source()
    response = client.get(history_url(source, "history"))
    sizes = [revision.size_change for revision in response.context["revisions"]]
    titles = ["Premier titre", "Premier titre, corrigé avec le nom de quelqu’un", "Titre final"]
    assert sizes[:2] == [len(titles[2]) - len(titles[1]), len(titles[1]) - len(titles[0])]
    assert f"−{len(titles[1]) - len(titles[2])}" in response.text


def test_every_reviewed_model_is_registered_and_the_registry_checks_clean():
    assert checks.check_reviewed_types() == []
    assert registry.reviewed_type(FundingLine).url_namespace == "dossiers:row_"


class Incomplete(registry.ReviewedType):
    model = FundingLine
    form_class = registry.reviewed_type(FundingLine).form_class
    preview_template = "dossiers/sheet/preview_fundingline.html"


@pytest.mark.parametrize(
    ("changes", "error_id"),
    [
        ({}, "review.E001"),  # no url_namespace
        ({"url_namespace": "nulle-part:"}, "review.E004"),
        ({"url_namespace": "dossiers:row_", "preview_template": "absent.html"}, "review.E003"),
        ({"url_namespace": "dossiers:row_", "form_class": object}, "review.E002"),
    ],
)
def test_a_type_missing_a_declaration_fails_the_start_up_checks(monkeypatch, changes, error_id):
    kind = type("Broken", (Incomplete,), changes)()
    monkeypatch.setitem(registry._types, FundingLine, kind)
    errors = checks.check_reviewed_types()
    assert error_id in {error.id for error in errors}


def test_an_unregistered_reviewed_model_fails_the_start_up_checks(monkeypatch):
    monkeypatch.delitem(registry._types, FundingLine)
    errors = checks.check_reviewed_types()
    assert any(e.id == "review.E005" and "FundingLine" in e.msg for e in errors)


def test_registering_a_model_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.reviewed_type(FundingLine))


def test_anonymous_visitors_are_sent_to_log_in_to_restore(client):
    source = two_revisions_of_a_source()
    first = source.history.earliest()
    response = client.post(
        history_url(source, "restore", first.history_id), {"base_version": source.version}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
