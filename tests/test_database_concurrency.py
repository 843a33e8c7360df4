import threading
import time

import pytest
from django.db import connection, transaction
from django.db.utils import ConnectionHandler

from config.database import database_from_url
from dossiers.models import Dossier
from tests.factories import make_dossier, make_user


def test_sqlite_is_configured_for_concurrent_writers(tmp_path, django_db_blocker):
    settings = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    handler = ConnectionHandler({"default": settings})
    # A connection of its own to a scratch file, outside the test database.
    with django_db_blocker.unblock():
        with handler["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        handler.close_all()


def test_postgres_urls_get_no_sqlite_options():
    settings = database_from_url("postgres://user@localhost/dossiers")
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert "transaction_mode" not in settings.get("OPTIONS", {})


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_both_land_in_order():
    dossier = make_dossier(body="Départ")
    writers = [make_user("premier"), make_user("second")]
    errors = []
    start = threading.Barrier(len(writers))

    def save_as(user):
        try:
            start.wait()
            with transaction.atomic():
                current = Dossier.objects.select_for_update().get(pk=dossier.pk)
                time.sleep(0.3)  # hold the write lock while the other writer arrives
                current.body += f" +{user.username}"
                current.save_revision(user=user, reason=f"Ajout de {user.username}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_as, args=(user,)) for user in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    dossier.refresh_from_db()
    assert dossier.version == 3
    assert sorted(dossier.body.split(" +")[1:]) == ["premier", "second"]
    assert dossier.history.count() == 3
