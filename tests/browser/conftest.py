"""Browser tests: Playwright driving Debian's chromium against a live server.

The live server runs in a thread of the test process, on the real PostgreSQL. Every page a
test opens is watched: a console error, a failed request or a request to another host fails
the test.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ADMIN_PASSWORD = "correct horse battery staple"  # the factories' password

# The `browser` fixture itself is in tests/conftest.py: one Chromium for the whole run,
# shared with the browser tests of tests/articles and tests/leads.


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class PageWatch:
    """What went wrong on the pages a test opened."""

    def __init__(self, origin):
        self.origin = origin
        self.problems = []
        self.expected_error_pages = set()

    def expect_error_page(self, url):
        """A page the test opens knowing it answers 403 or 404, which the browser logs
        as an error."""
        self.expected_error_pages.add(url)

    def on_console(self, message):
        if message.type != "error":
            return
        if (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") in self.expected_error_pages
        ):
            return
        self.problems.append(f"console error: {message.text}")

    def on_request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another host: {url}")

    def on_request_failed(self, request):
        failure = request.failure or ""
        # A navigation that replaces a pending beacon or download aborts it: not a fault.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"failed request: {request.url} ({failure})")

    def on_response(self, response):
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")


def _open_page(browser, live_server, viewport, **options):
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, **options
    )
    page = context.new_page()
    watch = PageWatch(live_server.url)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    page.on("request", watch.on_request)
    page.on("requestfailed", watch.on_request_failed)
    page.on("response", watch.on_response)
    page.on("dialog", lambda dialog: watch.problems.append(f"dialog: {dialog.message}"))
    page.watch = watch
    return context, page, watch


@pytest.fixture
def page(browser, live_server):
    context, page, watch = _open_page(
        browser, live_server, {"width": 1440, "height": 900}
    )
    yield page
    context.close()
    assert not watch.problems, "\n".join(watch.problems)


@pytest.fixture
def phone_page(browser, live_server):
    context, page, watch = _open_page(
        browser, live_server, {"width": 360, "height": 740}
    )
    yield page
    context.close()
    assert not watch.problems, "\n".join(watch.problems)


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
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def open_page(browser, live_server):
    """Open a watched page with context options of the test's own: open_page(width,
    bypass_csp=True, ...). Every page it opened must end without a problem."""
    opened = []

    def open_(width=1440, height=900, **options):
        context, page, watch = _open_page(
            browser, live_server, {"width": width, "height": height}, **options
        )
        opened.append((context, watch))
        return page

    yield open_
    problems = []
    for context, watch in opened:
        context.close()
        problems.extend(watch.problems)
    assert not problems, "\n".join(problems)


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
