"""Browser tests: Playwright driving Debian's chromium against a live server.

The live server runs in a thread of the test process, on the real PostgreSQL. Every page a
test opens is watched: a console error, a failed request or a request to another host fails
the test.
"""

from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ADMIN_PASSWORD = "correct horse battery staple"  # the factories' password

# The `browser` and `open_page` fixtures are in tests/conftest.py: one Chromium for the
# whole run, shared with the browser tests of tests/articles and tests/leads.


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(open_page):
    """A watched desktop page (open_page: tests/conftest.py)."""
    return open_page(1440, 900)


@pytest.fixture
def phone_page(open_page):
    """A watched phone-sized page."""
    return open_page(360, 740)


SNAPSHOT_SCHEMA = "browser_demo_snapshot"


def _django_tables(connection):
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    return sorted(
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table in existing
    )


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the demo content once per session and keep a copy of every table.

    Building it draws forty covers in several sizes (some ten seconds); copying the
    tables back takes a fraction of a second. The database is left as it was found, so
    tests that do not ask for the demo never see it.
    """
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        cache.clear()
        call_command("demo_content", verbosity=0)
        tables = _django_tables(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in tables:
                cursor.execute(
                    f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS TABLE public."{table}"'
                )
        call_command("flush", interactive=False, verbosity=0)
        cache.clear()
    yield tables, media_root
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")


@pytest.fixture
def demo_site(transactional_db, _demo_snapshot, settings):
    """The demo content, as `make run` builds it (restored from the session's copy)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    tables, media_root = _demo_snapshot
    settings.MEDIA_ROOT = media_root
    quoted = ", ".join(f'public."{table}"' for table in tables)
    # One transaction: the foreign keys are checked at its end, whatever the table order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        for table in tables:
            # Table names from Django's own introspection, not from outside.
            cursor.execute(
                f'INSERT INTO public."{table}" SELECT * FROM {SNAPSHOT_SCHEMA}."{table}"'  # noqa: S608
            )
        # Many-to-many tables too (a user's groups): a sequence left at 1 makes the
        # next row's id collide, and Django's add() ignores the conflict silently.
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"axe-core is not installed at {AXE_SCRIPT}. Run `make browser` (npm ci "
            "--prefix tests/browser)."
        )
    return AXE_SCRIPT


def person_user_agent(browser):
    """The user agent of the same Chromium with a window: the site counts no views from
    headless browsers (robots), and these tests play a person."""
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{browser.version} Safari/537.36"
    )


def admin_login(page, username, password=ADMIN_PASSWORD):
    """Sign in through the admin's own login form."""
    from playwright.sync_api import expect

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
