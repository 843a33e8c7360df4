import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRESQL_ENGINE = "django.db.backends.postgresql"


def database_from_url(url, *, conn_max_age=0, sqlite_busy_timeout=20, pool_size=0):
    """Django's DATABASES entry for a URL.

    SQLite is set up for concurrent writers. Several writers at once (two
    moderators, a threaded server) must queue, not fail with "database is
    locked": WAL lets readers run beside a writer, IMMEDIATE takes the write lock
    when a transaction begins (so a writer waits on the busy timeout instead of
    failing when it upgrades a read lock), and the timeout bounds that wait.

    PostgreSQL gets a psycopg connection pool of `pool_size` connections per
    process when it is above zero: a request borrows an open connection instead
    of paying for a new one. Django refuses persistent connections beside a
    pool, so `conn_max_age` only applies without one.
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
    elif database["ENGINE"] == POSTGRESQL_ENGINE and pool_size:
        database["CONN_MAX_AGE"] = 0
        database["CONN_HEALTH_CHECKS"] = False
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            # Waiting longer than this for a free connection is an error, not a hang.
            "timeout": 10,
        }
    return database
