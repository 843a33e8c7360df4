import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_rate

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("OFF", False)])
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_int_refuses_text_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "douze")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER='douze' is not an integer"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_env_list_drops_blank_items(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " a.example , ,b.example")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, "120/minute"), ("30/second", "30/second"), ("off", "")]
)
def test_env_rate_reads_a_rate_or_off(monkeypatch, raw, expected):
    if raw is not None:
        monkeypatch.setenv("SOME_RATE", raw)
    assert env_rate("SOME_RATE", "120/minute") == expected


@pytest.mark.parametrize("raw", ["120", "12/week", "0/minute", "beaucoup"])
def test_env_rate_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("SOME_RATE", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_RATE"):
        env_rate("SOME_RATE", "120/minute")


def python_environment(**env):
    """This environment without DJANGO_* variables, with `env` and the production settings."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return environment


def run_python(*arguments, **env):
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=python_environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def settings_in_subprocess(expression, **env):
    return run_python("-c", f"from django.conf import settings; print({expression})", **env)


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_DOCUMENTS_ROOT"])
def test_serving_refuses_to_start_without_each_required_setting(missing, monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    serving = {
        "DJANGO_SECRET_KEY": "k",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_DOCUMENTS_ROOT": str(tmp_path / "documents"),
    }
    given = {name: value for name, value in serving.items() if name != missing}
    result = run_python("-c", "import config.wsgi", **given)
    assert result.returncode != 0
    assert f"{missing} must be set to serve the site" in result.stderr
    assert run_python("-c", "import config.wsgi", **serving).returncode == 0


def test_the_database_pool_has_one_connection_per_gunicorn_thread(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL_SIZE", raising=False)
    url = "postgres://u@localhost/db"
    expression = "settings.DATABASES['default']['OPTIONS']['pool']['max_size']"
    result = settings_in_subprocess(expression, DATABASE_URL=url, GUNICORN_THREADS="6")
    assert result.stdout.strip() == "6", result.stderr


def test_gunicorn_reads_its_environment_strictly():
    result = run_python(
        "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--check-config", GUNICORN_THREADS="deux"
    )
    assert result.returncode != 0
    assert "GUNICORN_THREADS='deux' is not an integer" in result.stdout + result.stderr


def test_management_checks_run_without_a_secret_key():
    result = run_python("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_is_off_and_https_enforced_by_default():
    result = settings_in_subprocess(
        "settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE",
        DJANGO_SECRET_KEY="k",
    )
    assert result.stdout.strip() == "False True True"


def test_a_malformed_setting_stops_start_up_with_its_name():
    result = settings_in_subprocess("settings.DEBUG", DJANGO_DEBUG="oui-non")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='oui-non' is not a boolean" in result.stderr


def test_every_locale_path_exists():
    from django.conf import settings

    assert settings.LOCALE_PATHS
    assert all(Path(path).is_dir() for path in settings.LOCALE_PATHS)
