"""A contributor's published revisions of every kind, on their public page and on
« Mes contributions » (issue 15): dossiers, sources, actors and sheet rows alike."""

import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.models import Dossier, Figure
from review.actions import set_hidden
from tests.factories import make_actor, make_dossier, make_row, make_source, make_user
from tests.personas import make_moderator

pytestmark = pytest.mark.django_db


def contributions_of(author, count=1):
    """`count` revisions of each kind by `author`."""
    for number in range(count):
        name = author.username
        make_dossier(user=author, title=f"Dossier de {name} {number}")
        make_source(user=author, title=f"Source de {name} {number}")
        make_actor(user=author, name=f"Acteur de {name} {number}")
        make_row(Figure, make_dossier(), user=author, metric="cameras", value=10 + number)


def test_the_profile_lists_revisions_of_every_kind(client):
    author = make_user("autrice")
    contributions_of(author)
    page = client.get(reverse("accounts:profile", args=["autrice"]))
    text = page.content.decode()
    assert "Dossier de autrice 0" in text
    assert "Source de autrice 0" in text
    assert "Acteur de autrice 0" in text
    assert "Chiffre" in text  # the row's kind
    assert len(page.context["revisions"]) == 4
    for revision in page.context["revisions"]:
        assert client.get(revision.url).status_code == 200


def test_drafts_and_other_peoples_revisions_are_not_listed(client):
    author = make_user("autrice")
    make_dossier(user=author, title="Brouillon secret", status=Dossier.Status.DRAFT)
    make_source(user=make_user("autre"), title="Source d’un autre")
    text = client.get(reverse("accounts:profile", args=["autrice"])).content.decode()
    assert "Brouillon secret" not in text
    assert "Source d’un autre" not in text


def test_a_hidden_revisions_summary_is_for_moderators_only(client):
    author = make_user("autrice")
    source = make_source(user=author, reason="Résumé à masquer")
    source.title = "Suite"
    source.save_revision(user=author, reason="Suite")
    first = source.history.earliest()
    set_hidden(
        first,
        moderator=make_moderator(),
        reason="Vie privée",
        hidden=True,
        record=source,
        label="x",
    )
    url = reverse("accounts:profile", args=["autrice"])
    assert "Résumé à masquer" not in client.get(url).content.decode()
    client.force_login(make_moderator("autre-moderatrice"))
    assert "Résumé à masquer" in client.get(url).content.decode()


def test_my_contributions_shows_my_latest_published_revisions_of_every_kind(client):
    author = make_user("autrice")
    contributions_of(author)
    client.force_login(author)
    text = client.get(reverse("accounts:contributions")).content.decode()
    assert "Source de autrice 0" in text
    assert "Acteur de autrice 0" in text


def test_the_profile_costs_the_same_queries_for_one_or_many_revisions(
    client, django_assert_max_num_queries
):
    few, many = make_user("peu"), make_user("beaucoup")
    contributions_of(few)
    contributions_of(many, count=6)
    dossier = Dossier.objects.get(title="Dossier de beaucoup 0")
    dossier.body = "Une autre version"
    save_dossier_revision(dossier, user=many, reason="Encore")
    row = Figure.history.filter(history_user=many).first().instance
    row.value = 99
    save_row_revision(row, user=many, reason="Encore")

    def count(username):
        with django_assert_max_num_queries(8) as queries:
            assert client.get(reverse("accounts:profile", args=[username])).status_code == 200
        return len(queries)

    assert count("beaucoup") == count("peu")
