"""Sign-up, log-in, log-out, passwords, and moderators' actions on accounts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from core.typography import space_french as fr
from review.models import ChangeRequest, ModerationAction
from review.permissions import publishes_directly
from review.roles import GROUP_PERMISSIONS, MODERATORS_GROUP, TRUSTED_GROUP
from tests.factories import make_dossier, make_user
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import propose_edit

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client, username="nouvelle", password="un mot de passe solide", **extra):
    data = {"username": username, "password1": password, "password2": password, **extra}
    return client.post(reverse("accounts:signup"), data)


def test_roles_come_from_the_data_migration():
    from django.contrib.auth.models import Group

    for name in (TRUSTED_GROUP, MODERATORS_GROUP):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert codenames == set(GROUP_PERMISSIONS[name])


class TestSignup:
    def test_a_username_and_a_password_are_enough(self, client):
        response = sign_up(client)
        assert response.status_code == 302
        user = User.objects.get(username="nouvelle")
        assert user.email == ""
        assert not publishes_directly(user)
        assert client.get(reverse("accounts:contributions")).context["user"] == user

    def test_bad_input_is_explained_and_the_username_kept(self, client):
        response = sign_up(client, password="123")
        assert response.status_code == 200
        assert response.context["form"].errors["password2"]
        assert 'value="nouvelle"' in response.text
        assert not User.objects.exists()

    def test_sign_ups_are_rate_limited_per_address(self, client, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (2, 3600)}
        codes = [sign_up(client.__class__(), f"compte{n}").status_code for n in range(3)]
        assert codes == [302, 302, 429]
        assert User.objects.count() == 2
        response = sign_up(client, "encore")
        assert "Trop de comptes ont été créés depuis votre adresse" in response.text


class TestLogin:
    def test_log_in_and_out(self, client):
        make_user("lea")
        response = client.post(reverse("accounts:login"), {"username": "lea", "password": "pw-lea"})
        assert response.status_code == 302
        assert client.get(reverse("accounts:contributions")).status_code == 200
        assert client.get(reverse("accounts:logout")).status_code == 405
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("accounts:contributions")).status_code == 302

    def test_a_blocked_account_is_told_why_only_with_its_password(self, client):
        user = make_user("bloque")
        client.force_login(make_moderator())
        client.post(reverse("accounts:block", args=["bloque"]), {"reason": "Spam"})
        client.logout()
        response = client.post(
            reverse("accounts:login"), {"username": "bloque", "password": "pw-bloque"}
        )
        assert fr("Ce compte a été bloqué par la modération. Motif : Spam") in response.text
        wrong = client.post(reverse("accounts:login"), {"username": "bloque", "password": "x"})
        assert "bloqué" not in wrong.text
        user.refresh_from_db()
        assert not user.is_active


def test_password_reset_sends_a_working_link(client):
    make_user("oubli", email="oubli@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "oubli@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nouveau secret 2026", "new_password2": "nouveau secret 2026"},
    )
    assert User.objects.get(username="oubli").check_password("nouveau secret 2026")


def test_password_change(client):
    user = make_user("change")
    client.force_login(user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw-change",
            "new_password1": "autre secret 2026",
            "new_password2": "autre secret 2026",
        },
    )
    user.refresh_from_db()
    assert user.check_password("autre secret 2026")


class TestBlocking:
    def test_it_ends_the_session_and_rejects_pending_changes(self, client):
        author = make_contributor()
        dossier = make_dossier()
        change = propose_edit(author, dossier, body="Spam")
        author_client = client.__class__()
        author_client.force_login(author)
        client.force_login(make_moderator())
        client.post(
            reverse("accounts:block", args=[author.username]),
            {"reason": "Vandalisme", "reject_pending": "on"},
        )
        change.refresh_from_db()
        assert change.state == ChangeRequest.State.REJECTED
        assert change.decision_reason == fr("Compte bloqué : Vandalisme")
        edit = author_client.get(reverse("dossiers:edit", args=[dossier.slug]))
        assert edit.status_code == 302
        assert edit["Location"].startswith(reverse("accounts:login"))
        kinds = set(ModerationAction.objects.values_list("kind", flat=True))
        assert kinds == {ModerationAction.Kind.BLOCK, ModerationAction.Kind.REJECT}

    def test_unblocking_restores_the_account(self, client):
        user = make_contributor()
        client.force_login(make_moderator())
        client.post(reverse("accounts:block", args=[user.username]), {"reason": "Erreur"})
        client.post(reverse("accounts:unblock", args=[user.username]), {"reason": "Pardon"})
        user.refresh_from_db()
        assert user.is_active and not user.is_blocked

    def test_moderators_cannot_block_each_other_or_themselves(self, client):
        moderator = make_moderator()
        other = make_moderator("autre")
        client.force_login(moderator)
        for target in (other, moderator):
            url = reverse("accounts:block", args=[target.username])
            assert client.post(url, {"reason": "x"}).status_code == 403
        assert User.objects.filter(is_active=False).count() == 0

    def test_trusted_contributors_cannot_block(self, client):
        target = make_contributor()
        client.force_login(make_trusted())
        url = reverse("accounts:block", args=[target.username])
        assert client.post(url, {"reason": "x"}).status_code == 403


def test_promote_then_demote(client):
    user = make_contributor()
    client.force_login(make_moderator())
    client.post(reverse("accounts:promote", args=[user.username]), {"reason": "Fiable"})
    assert publishes_directly(User.objects.get(pk=user.pk))
    client.post(reverse("accounts:demote", args=[user.username]), {"reason": "Erreurs"})
    assert not publishes_directly(User.objects.get(pk=user.pk))
    kinds = list(ModerationAction.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [ModerationAction.Kind.PROMOTE, ModerationAction.Kind.DEMOTE]


def test_account_actions_need_a_reason(client):
    user = make_contributor()
    client.force_login(make_moderator())
    client.post(reverse("accounts:promote", args=[user.username]), {"reason": ""})
    assert not publishes_directly(User.objects.get(pk=user.pk))
    assert not ModerationAction.objects.exists()


def test_audit_log_is_for_moderators_and_filters_by_action(client):
    user = make_contributor()
    moderator = make_moderator()
    client.force_login(moderator)
    client.post(reverse("accounts:promote", args=[user.username]), {"reason": "Fiable"})
    client.post(reverse("accounts:block", args=[user.username]), {"reason": "Spam <b>"})
    log = client.get(reverse("review:log"))
    assert [action.kind for action in log.context["actions"]] == ["block", "promote"]
    assert "Spam &lt;b&gt;" in log.text
    assert moderator.username in log.text
    only_blocks = client.get(reverse("review:log") + "?action=block")
    assert [action.kind for action in only_blocks.context["actions"]] == ["block"]
    client.force_login(make_trusted())
    assert client.get(reverse("review:log")).status_code == 403


def test_profile_offers_account_actions_to_moderators_only(client):
    user = make_contributor()
    block_url = reverse("accounts:block", args=[user.username])
    promote_url = reverse("accounts:promote", args=[user.username])
    assert block_url not in client.get(user.get_absolute_url()).text
    client.force_login(make_moderator())
    page = client.get(user.get_absolute_url()).text
    assert f'action="{block_url}"' in page and f'action="{promote_url}"' in page
    assert 'name="reject_pending"' in page
    client.post(block_url, {"reason": "Spam"})
    page = client.get(user.get_absolute_url()).text
    assert f'action="{reverse("accounts:unblock", args=[user.username])}"' in page
    assert f'action="{block_url}"' not in page


@pytest.mark.parametrize("name", ["accounts:login", "accounts:signup"])
def test_the_page_to_sign_in_keeps_where_to_go_next_among_parameters_it_drops(client, name):
    """The page cache drops the query parameters a page does not read: these pages
    read ?next=, and only that."""
    page = client.get(reverse(name) + "?utm_source=lettre&next=/sources/nouvelle/").text
    assert '<input type="hidden" name="next" value="/sources/nouvelle/">' in page
    assert "utm_source" not in page


def test_signing_in_leads_where_the_reader_was_going(client):
    make_user("lea")
    answer = client.post(
        reverse("accounts:login") + "?next=/sources/nouvelle/",
        {"username": "lea", "password": "pw-lea", "next": "/sources/nouvelle/"},
    )
    assert answer.status_code == 302 and answer["Location"] == "/sources/nouvelle/"
