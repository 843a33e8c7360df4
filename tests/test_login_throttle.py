"""Failed log-ins are throttled per typed name and per address (issue 14), counted in
the rate-limit cache that every app server shares, without telling which names exist."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def log_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_after_five_failures_even_the_right_password_is_refused(client):
    make_user("lea")
    for _ in range(5):
        assert log_in(client, "lea", "mauvais").status_code == 200
    response = log_in(client, "lea", "pw-lea")
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.text
    assert "_auth_user_id" not in client.session
    # What was typed is kept.
    assert 'value="lea"' in response.text


def test_the_limit_follows_the_account_from_another_address():
    make_user("lea")
    first = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        log_in(first, "lea", "mauvais")
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert "Trop de tentatives" in log_in(other, "lea", "pw-lea").text
    # Another account from that other address is not affected.
    make_user("marc")
    assert log_in(other, "marc", "pw-marc").status_code == 302


def test_one_address_trying_many_names_is_stopped(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login-address": (3, 900)}
    make_user("lea")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("a", "b", "c"):
        log_in(client, name, "x")
    assert "Trop de tentatives" in log_in(client, "lea", "pw-lea").text


def test_the_answer_is_the_same_for_a_name_that_does_not_exist(client):
    make_user("lea")
    for _ in range(5):
        log_in(client, "lea", "x")
        log_in(client, "personne", "x")
    taken, unknown = log_in(client, "lea", "x"), log_in(client, "personne", "x")
    assert taken.status_code == unknown.status_code == 200
    assert "Trop de tentatives" in taken.text and "Trop de tentatives" in unknown.text


def test_successful_log_ins_are_not_counted(client):
    make_user("lea")
    for _ in range(8):
        assert log_in(client, "lea", "pw-lea").status_code == 302
        client.logout()


def test_a_count_lives_as_long_as_its_window(settings):
    """incr() rewrites a cache entry with the default timeout (5 minutes): an hourly
    count must still expire with its hour, not five minutes after its last attempt."""
    import datetime

    from django.db import connection
    from django.utils import timezone

    from core.ratelimit import limit_reached

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (10, 3600)}
    for _ in range(3):
        limit_reached("edit", "someone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM rate_limit_cache WHERE cache_key LIKE '%edit:someone%'")
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):
        expires = datetime.datetime.fromisoformat(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=datetime.UTC)
    assert (expires - timezone.now()).total_seconds() > 3000
