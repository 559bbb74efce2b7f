"""Settings come from the environment; production refuses to guess."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from django.db import connection
from django.utils.html import escape
from PIL import Image

from tests.support.processes import environ_without, run

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "www.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/agency",
    "AGENCY_SITE_URL": "https://www.example.com",
}
# What the environment of the test run must not lend to the settings under test.
NOT_INHERITED = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "AGENCY_SITE_URL")


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter; return (exit code, output)."""
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.DEBUG); print(settings.EMAIL_BACKEND); print(settings.SITE_URL)"
    )
    result = run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": module},
        drop=NOT_INHERITED,
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
    assert engine == "agency.core.postgresql"
    assert debug == "False"


def test_production_takes_the_site_url_as_given():
    env = {**PRODUCTION_ENV, "AGENCY_SITE_URL": "https://www.agency.example/"}
    code, output = load_settings("agency.settings.production", **env)
    assert code == 0, output
    assert output.split()[4] == "https://www.agency.example"


@pytest.mark.parametrize(
    "site_url",
    [
        "www.example.com",
        "ftp://www.example.com",
        "https://",
        "/just/a/path",
        "https://www.example.com/?utm_source=x",
        "   ",
    ],
)
def test_production_refuses_a_site_url_that_is_not_an_absolute_base(site_url):
    code, output = load_settings(
        "agency.settings.production", **{**PRODUCTION_ENV, "AGENCY_SITE_URL": site_url}
    )
    assert code != 0
    assert "ImproperlyConfigured" in output
    assert "AGENCY_SITE_URL" in output


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
    assert output.split()[0] == "agency.core.postgresql"


def test_redis_url_switches_the_cache_to_redis():
    code, output = load_settings(
        "agency.settings.dev", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert code == 0, output
    assert output.split()[1] == "agency.core.cache.ResilientRedisCache"


def test_tests_run_on_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "agency.core.postgresql"
    assert connection.vendor == "postgresql"


def test_s3_bucket_moves_uploads_to_object_storage_and_keeps_static_on_whitenoise():
    code = (
        "from django.conf import settings;"
        "print(settings.STORAGES['default']['BACKEND']);"
        "print(settings.STORAGES['default']['OPTIONS']['bucket_name']);"
        "print(settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run(
        [sys.executable, "-c", code],
        env={
            **PRODUCTION_ENV,
            "AGENCY_S3_BUCKET": "agency-media",
            "DJANGO_SETTINGS_MODULE": "agency.settings.production",
        },
        drop=("DJANGO_", "DATABASE_URL", "AGENCY_S3"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "agency-media",
        "agency.core.staticfiles.StaticFilesStorage",
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.read()


def wait_for(url, process, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited:\n{process.stdout.read()}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make run did not answer on {url} within {seconds} s")


def process_environ(pgid, needle):
    """Return the environment of the process of group `pgid` whose command has `needle`."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pgid:
                continue
            if needle not in (proc / "cmdline").read_bytes():
                continue
            pairs = (proc / "environ").read_bytes().split(b"\0")
        except (OSError, ProcessLookupError):
            continue
        return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)
    return {}


# Run on the SQLite file `make run` made, while it serves: the demo's second build adds
# nothing, and an article's neighbours and related reading (one hand-written query,
# articles.selectors.AROUND_SQL) come right on SQLite too.
ON_THE_SQLITE_FILE = """
import django
django.setup()
from django.core.management import call_command
from agency.site.models import MenuItem
from articles.models import Article
from articles.selectors import article_around

first = MenuItem.objects.count(), Article.objects.count()
call_command("demo_content", verbosity=0)
assert (MenuItem.objects.count(), Article.objects.count()) == first, "not idempotent"
articles = list(Article.objects.published(language="en").order_by("-published_at"))
article = articles[len(articles) // 2]
tag_ids = [tag.pk for tag in article.tags.all()]
previous, following, related = article_around(article, tag_ids=tag_ids)
assert previous.published_at <= article.published_at <= following.published_at
assert related and article not in related
sharing = {
    other.pk
    for other in Article.objects.published(language="en").filter(tags__in=tag_ids)
    if other.pk != article.pk
}
assert related[0].pk in sharing, "the first related article shares no tag"
print(article.get_absolute_url())
print(related[0].title)
"""


def test_make_run_serves_the_demo_on_fresh_sqlite_with_its_port_in_every_link(
    tmp_path,
):
    """`PORT=<n> make run` on a fresh SQLite file (a new one in a temporary folder,
    where make run's default is db.sqlite3 in the project) sets up and serves the demo;
    canonical links, sitemaps, feeds and QR codes name port n, and so do e-mail links
    (the server's AGENCY_SITE_URL, which leads.notifications reads). The port's rule
    does not depend on the database: PostgreSQL runs the rest of the suite."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    sqlite = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env = environ_without(
        (*NOT_INHERITED, "PORT", "AGENCY_", "MEDIA_ROOT"),
        PORT=str(port),
        DJANGO_LOG_LEVEL="WARNING",
        **sqlite,
    )
    # -o: run with the virtualenv as it is (the suite already runs in it).
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(f"{base}/healthz", process)
        home = fetch(f"{base}/").decode()
        assert f'<link rel="canonical" href="{base}/">' in home
        assert "Bluepeak Digital" in home and "WeChat Development" in home

        index = fetch(f"{base}/sitemap.xml").decode()
        sections = re.findall(r"<loc>([^<]+)</loc>", index)
        assert sections
        locations = []
        for section in sections:
            assert section.startswith(f"{base}/")
            locations += re.findall(r"<loc>([^<]+)</loc>", fetch(section).decode())
        assert len(locations) > 5
        assert all(location.startswith(f"{base}/") for location in locations)

        feed = fetch(f"{base}/feed/").decode()
        links = re.findall(r"<link>([^<]+)</link>", feed)
        assert len(links) > 1
        assert all(link.startswith(f"{base}/") for link in links)

        article = next(
            link for link in links if re.fullmatch(rf"{base}/articles/[^/]+/", link)
        )
        poster = Image.open(BytesIO(fetch(f"{article}poster.png")))
        codes = zxingcpp.read_barcodes(poster.convert("L"))
        assert [code.text for code in codes] == [article]

        server = process_environ(process.pid, b"runserver")
        assert server.get("AGENCY_SITE_URL") == base

        checked = run(
            [sys.executable, "-c", ON_THE_SQLITE_FILE],
            env={"DJANGO_SETTINGS_MODULE": "agency.settings.dev", **sqlite},
            drop=(*NOT_INHERITED, "PORT", "AGENCY_", "MEDIA_ROOT"),
            timeout=300,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        path, related_title = checked.stdout.splitlines()[-2:]
        page = fetch(f"{base}{path}").decode()
        assert 'rel="prev"' in page and 'rel="next"' in page
        assert escape(related_title) in page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # `make run` signs the admin in with a password it prints once.
    assert "with password:" in process.stdout.read()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            {"AGENCY_SITE_URL": "https://www.agency.example"},
            "https://www.agency.example",
        ),
        ({"AGENCY_SITE_URL": ""}, "http://127.0.0.1:8790"),
        ({}, "http://127.0.0.1:8790"),
    ],
)
def test_make_run_keeps_a_given_site_url(given, expected):
    """What make exports to `run`'s commands (the test above serves the derived one)."""
    result = run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-n", "-p", "run"],
        env={**given, "PORT": "8790"},
        drop=("AGENCY_", "PORT"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"run: AGENCY_SITE_URL := {expected}\n" in result.stdout
