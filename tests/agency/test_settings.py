"""Settings come from the environment; production refuses to guess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "www.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/agency",
}


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter; return (exit code, output)."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_"))
    }
    clean_env.update(env)
    clean_env["DJANGO_SETTINGS_MODULE"] = module
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.DEBUG); print(settings.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_required_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    code, output = load_settings("agency.settings.production", **env)
    assert code != 0
    assert "ImproperlyConfigured" in output
    assert f"{missing} is not set" in output


def test_production_starts_with_required_settings():
    code, output = load_settings("agency.settings.production", **PRODUCTION_ENV)
    assert code == 0, output
    engine, cache, debug, _mail = output.split()[:4]
    assert engine == "django.db.backends.postgresql"
    assert debug == "False"


def test_dev_defaults_to_sqlite_debug_and_console_mail():
    code, output = load_settings("agency.settings.dev")
    assert code == 0, output
    engine, cache, debug, mail = output.split()[:4]
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert debug == "True"
    assert mail == "django.core.mail.backends.console.EmailBackend"


def test_database_url_names_another_database():
    code, output = load_settings(
        "agency.settings.dev", DATABASE_URL="postgres://u@db.example:5432/other"
    )
    assert code == 0, output
    assert output.split()[0] == "django.db.backends.postgresql"


def test_redis_url_switches_the_cache_to_redis():
    code, output = load_settings(
        "agency.settings.dev", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert code == 0, output
    assert output.split()[1] == "agency.cache.ResilientRedisCache"


def test_tests_run_on_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_s3_bucket_moves_uploads_to_object_storage_and_keeps_static_on_whitenoise():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "AGENCY_S3"))
    }
    env.update(PRODUCTION_ENV, AGENCY_S3_BUCKET="agency-media")
    env["DJANGO_SETTINGS_MODULE"] = "agency.settings.production"
    code = (
        "from django.conf import settings;"
        "print(settings.STORAGES['default']['BACKEND']);"
        "print(settings.STORAGES['default']['OPTIONS']['bucket_name']);"
        "print(settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "agency-media",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
