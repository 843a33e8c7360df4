"""History: size changes, comparing two revisions, restoring one, hiding one."""

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.citations import save_dossier_revision
from review.models import ModerationAction
from tests.factories import make_dossier, make_user
from tests.personas import make_contributor, make_moderator, make_trusted

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    """Three revisions: "Un.", then "Un. Deux.", then "Un. Deux. Trois secrets."."""
    dossier = make_dossier(body="Un.", user=make_user("autrice"), reason="Création")
    for body, reason in [("Un. Deux.", "Ajout deux"), ("Un. Deux. Trois secrets.", "Ajout trois")]:
        dossier.body = body
        save_dossier_revision(dossier, user=make_user(), reason=reason)
    return dossier


def revisions(dossier):
    """History ids, oldest first."""
    return list(dossier.history.order_by("history_date").values_list("history_id", flat=True))


def compare_url(dossier, old, new):
    return reverse("dossiers:compare", args=[dossier.slug]) + f"?de={old}&a={new}"


def test_history_shows_each_revisions_size_change(client, dossier):
    response = client.get(reverse("dossiers:history", args=[dossier.slug]))
    sizes = [revision.size_change for revision in response.context["revisions"]]
    assert sizes == [len(" Trois secrets."), len(" Deux."), len("Un.")]
    assert f"+{len(' Trois secrets.')}" in response.text


def test_size_change_of_a_pages_last_row_looks_at_the_next_page(client, dossier, settings):
    from review.history import HistoryView

    HistoryView.paginate_by, saved = 2, HistoryView.paginate_by
    try:
        first = client.get(reverse("dossiers:history", args=[dossier.slug]))
        second = client.get(reverse("dossiers:history", args=[dossier.slug]) + "?page=2")
    finally:
        HistoryView.paginate_by = saved
    assert [r.size_change for r in first.context["revisions"]] == [15, 6]
    assert [r.size_change for r in second.context["revisions"]] == [3]


def test_any_two_revisions_compare_word_by_word_in_either_order(client, dossier):
    first, _, third = revisions(dossier)
    for old, new in [(first, third), (third, first)]:
        response = client.get(compare_url(dossier, old, new))
        assert response.status_code == 200
        assert "Un.<ins> Deux. Trois secrets.</ins>" in response.text


def test_compare_escapes_what_the_text_contains(client):
    dossier = make_dossier(body="Texte.")
    dossier.body = 'Texte. <img src=x onerror="alert(1)">'
    save_dossier_revision(dossier, user=None, reason="Essai")
    first, second = revisions(dossier)
    response = client.get(compare_url(dossier, first, second))
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in response.text
    assert "<img src=x" not in response.text


@pytest.mark.parametrize(
    "query", ["", "?de=1", "?de=x&a=2", "?de=1&a=999999", "?de=1&a=99999999999999999999999"]
)
def test_compare_needs_two_revisions_of_this_dossier(client, dossier, query):
    url = reverse("dossiers:compare", args=[dossier.slug]) + query
    assert client.get(url).status_code == 404


def test_compare_refuses_a_revision_of_another_dossier(client, dossier):
    other = make_dossier()
    url = compare_url(dossier, revisions(dossier)[0], revisions(other)[0])
    assert client.get(url).status_code == 404


class TestRestore:
    def restore(self, client, dossier, history_id, base_version=None, note=""):
        url = reverse("dossiers:restore", args=[dossier.slug, history_id])
        version = dossier.version if base_version is None else base_version
        return client.post(url, {"base_version": version, "note": note})

    def test_trusted_restores_as_a_new_revision_and_nothing_is_deleted(self, client, dossier):
        trusted = make_trusted()
        client.force_login(trusted)
        first = revisions(dossier)[0]
        response = self.restore(client, dossier, first, note="vandalisme")
        assert response["Location"] == dossier.get_absolute_url()
        dossier.refresh_from_db()
        assert dossier.body == "Un."
        assert dossier.version == 4
        latest = dossier.history.latest()
        assert latest.history_user == trusted
        assert latest.history_change_reason == fr("Restauration de la révision n° 1 : vandalisme")
        assert dossier.history.count() == 4
        assert ModerationAction.objects.get().kind == ModerationAction.Kind.RESTORE

    def test_a_stale_page_does_not_overwrite_a_newer_edit(self, client, dossier):
        client.force_login(make_trusted())
        stale = dossier.version - 1
        self.restore(client, dossier, revisions(dossier)[0], base_version=stale)
        dossier.refresh_from_db()
        assert dossier.body == "Un. Deux. Trois secrets."

    def test_contributors_may_not_restore(self, client, dossier):
        client.force_login(make_contributor())
        assert self.restore(client, dossier, revisions(dossier)[0]).status_code == 403
        assert (
            client.get(
                reverse("dossiers:revision", args=[dossier.slug, revisions(dossier)[0]])
            ).context["can_restore"]
            is False
        )

    def test_it_is_post_only(self, client, dossier):
        client.force_login(make_trusted())
        url = reverse("dossiers:restore", args=[dossier.slug, revisions(dossier)[0]])
        assert client.get(url).status_code == 405


class TestHide:
    @pytest.fixture
    def hidden(self, client, dossier):
        """The second revision, hidden by a moderator; the client is logged out again."""
        moderator = make_moderator()
        client.force_login(moderator)
        second = revisions(dossier)[1]
        url = reverse("dossiers:hide", args=[dossier.slug, second])
        client.post(url, {"reason": "Données personnelles"})
        client.logout()
        return second

    def test_public_sees_that_it_exists_but_not_its_text(self, client, dossier, hidden):
        history = client.get(reverse("dossiers:history", args=[dossier.slug]))
        assert fr("Contenu masqué par la modération : Données personnelles") in history.text
        assert "Ajout deux" not in history.text
        page = client.get(reverse("dossiers:revision", args=[dossier.slug, hidden]))
        assert page.status_code == 200
        assert "Le contenu de cette révision a été masqué" in page.text
        assert "Un. Deux." not in page.text
        assert "Ajout deux" not in page.text

    def test_its_authors_public_page_keeps_the_summary_hidden(self, client, dossier, hidden):
        author = dossier.history.get(history_id=hidden).history_user
        page = client.get(author.get_absolute_url())
        assert "masqué par la modération" in page.text
        assert "Ajout deux" not in page.text

    def test_public_gets_no_diff_that_involves_it(self, client, dossier, hidden):
        first, _, third = revisions(dossier)
        for old, new in [(first, hidden), (hidden, third)]:
            response = client.get(compare_url(dossier, old, new))
            assert response.context["diff"] is None
            assert 'class="diff"' not in response.text
            assert "Deux" not in response.text

    def test_moderators_still_see_it(self, client, dossier, hidden):
        client.force_login(make_moderator("autre-moderateur"))
        page = client.get(reverse("dossiers:revision", args=[dossier.slug, hidden]))
        assert "Un. Deux." in page.text
        assert "Vous le voyez parce que vous êtes modérateur" in page.text
        history = client.get(reverse("dossiers:history", args=[dossier.slug]))
        assert "Ajout deux" in history.text

    def test_it_can_be_unhidden_and_both_actions_are_logged(self, client, dossier, hidden):
        client.force_login(make_moderator("autre-moderateur"))
        url = reverse("dossiers:unhide", args=[dossier.slug, hidden])
        client.post(url, {"reason": "Erreur de masquage"})
        client.logout()
        page = client.get(reverse("dossiers:revision", args=[dossier.slug, hidden]))
        assert "Un. Deux." in page.text
        kinds = list(ModerationAction.objects.order_by("id").values_list("kind", "reason"))
        assert kinds == [("hide", "Données personnelles"), ("unhide", "Erreur de masquage")]

    def test_the_current_revision_cannot_be_hidden(self, client, dossier):
        client.force_login(make_moderator())
        current = revisions(dossier)[-1]
        client.post(reverse("dossiers:hide", args=[dossier.slug, current]), {"reason": "x"})
        assert not dossier.history.filter(hidden_at__isnull=False).exists()

    def test_a_reason_is_required(self, client, dossier):
        client.force_login(make_moderator())
        first = revisions(dossier)[0]
        client.post(reverse("dossiers:hide", args=[dossier.slug, first]), {"reason": ""})
        assert not dossier.history.filter(hidden_at__isnull=False).exists()

    def test_trusted_contributors_cannot_hide(self, client, dossier):
        client.force_login(make_trusted())
        first = revisions(dossier)[0]
        response = client.post(
            reverse("dossiers:hide", args=[dossier.slug, first]), {"reason": "x"}
        )
        assert response.status_code == 403

    def test_hidden_revisions_cannot_be_restored_by_non_moderators(self, client, dossier, hidden):
        client.force_login(make_trusted())
        url = reverse("dossiers:restore", args=[dossier.slug, hidden])
        assert client.post(url, {"base_version": dossier.version}).status_code == 404
