import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"


def database_from_url(url, *, conn_max_age=0, sqlite_busy_timeout=20):
    """Django's DATABASES entry for a URL, with SQLite set up for concurrent writers.

    Several writers at once (two moderators, a threaded server) must queue, not
    fail with "database is locked": WAL lets readers run beside a writer,
    IMMEDIATE takes the write lock when a transaction begins (so a writer waits
    on the busy timeout instead of failing when it upgrades a read lock), and
    the timeout bounds that wait.
    """
    database = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if database["ENGINE"] == SQLITE_ENGINE:
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": sqlite_busy_timeout,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
        }
    return database
