import contextlib
import os
import shutil

import pytest
from django.core.cache import cache

CHROMIUM = os.environ.get("AGENCY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread once a browser test has
# started; the ORM calls tests make between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, the process's own copies of pages too:
    cached frames and pages never leak across, nor a Redis outage a test made (the
    backend answers as a miss for a while after a failed call)."""
    from agency.core.cache import ResilientRedisCache
    from agency.core.fragments import local_fragments
    from agency.core.pagecache import known, local_pages

    ResilientRedisCache._down_until = 0.0
    cache.clear()
    local_pages.clear()
    local_fragments.clear()
    known.forget()
    yield
    ResilientRedisCache._down_until = 0.0
    cache.clear()
    local_pages.clear()
    local_fragments.clear()


class _Commits:
    """Whether on-commit callbacks run as in production (below) or wait to be captured."""

    capturing = 0


@pytest.fixture(autouse=True)
def _transactions_commit_as_in_production(monkeypatch):
    """On-commit callbacks (a page-cache retirement, a queued notification) run when
    they would in production, although every test runs inside a transaction of its own
    that never commits: at once for work done outside any transaction (autocommit), and
    when the outermost transaction the code opened itself ends without error; dropped
    when it fails. Within `django_capture_on_commit_callbacks` they wait to be captured.
    """
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def outside_any(connection, below=0):
        if _Commits.capturing:
            return False
        blocks = connection.atomic_blocks[: len(connection.atomic_blocks) - below]
        return all(getattr(block, "_from_testcase", False) for block in blocks)

    on_commit = BaseDatabaseWrapper.on_commit

    def on_commit_or_now(connection, func, robust=False):
        if outside_any(connection):
            return func()
        return on_commit(connection, func, robust)

    atomic_exit = transaction.Atomic.__exit__

    def exit_and_commit(atomic, exc_type, exc_value, traceback):
        connection = transaction.get_connection(atomic.using)
        outermost = not atomic._from_testcase and outside_any(connection, below=1)
        result = atomic_exit(atomic, exc_type, exc_value, traceback)
        if outermost:
            callbacks, connection.run_on_commit[:] = connection.run_on_commit[:], []
            if exc_type is None and not connection.needs_rollback:
                for _, func, _ in callbacks:
                    func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit_or_now)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_commit)


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's, with the callbacks held for it to capture."""

    @contextlib.contextmanager
    def capture(**kwargs):
        _Commits.capturing += 1
        try:
            with django_capture_on_commit_callbacks(**kwargs) as callbacks:
                yield callbacks
        finally:
            _Commits.capturing -= 1

    return capture


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content as `make run` builds it, built once per session
    (tests/support/demo.py); the database is left as it was found."""
    from django.db import connection

    from tests.support.demo import Snapshot

    with django_db_blocker.unblock():
        return Snapshot.build(connection, tmp_path_factory.mktemp("demo-media"))


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker, tmp_path_factory):
    """The demo content, once per module, rolled back after it.

    Each test runs in a savepoint inside this outer transaction (pytest-django's own), so
    what one test changes is gone for the next, and nothing is left in the database.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.test import override_settings

    folder = demo_snapshot.media_copy(tmp_path_factory.mktemp("demo-media"))
    media = override_settings(MEDIA_ROOT=folder)
    media.enable()
    atomic = transaction.atomic()
    atomic._from_testcase = True  # the test's own, as TestCase marks its class-wide one
    with django_db_blocker.unblock():
        atomic.__enter__()
        demo_snapshot.restore(connection)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    ContentType.objects.clear_cache()
    media.disable()


@pytest.fixture
def redis_down(settings):
    """The site's cache on a Redis that is down (nothing listens on its port)."""
    from agency.core.cache import ResilientRedisCache
    from tests.support.caches import REDIS_DOWN, use_redis

    yield use_redis(settings, REDIS_DOWN, timeout=0.2)
    ResilientRedisCache._down_until = 0.0


@pytest.fixture
def mailbox(settings):
    """The sales mailbox the worker reads replies from: Dovecot on loopback, empty."""
    from tests.support.imap import ImapServer

    server = ImapServer().start()
    settings.AGENCY_LEADS_IMAP_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def editor(db):
    from tests.factories import EditorFactory

    return EditorFactory()


@pytest.fixture
def salesperson(db):
    from tests.factories import SalesFactory

    return SalesFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def sales_client(client, salesperson):
    client.force_login(salesperson)
    return client


@pytest.fixture(scope="session")
def browser():
    """One Chromium (Debian's, driven by Playwright) for every browser test of the run:
    two Playwright sessions cannot be open at once in one thread."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Run `make browser` (apt-get install "
            "chromium) or set AGENCY_CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a watched page with context options of the test's own: open_page(width,
    bypass_csp=True, ...). Every page it opened must end without a problem (a console
    error, a failed request, a 5xx, a request to another host, a dialog)."""
    from tests.support.browser import open_watched

    opened = []

    def open_(width=1440, height=900, **options):
        context, page, watch = open_watched(
            browser, live_server.url, {"width": width, "height": height}, **options
        )
        opened.append((context, watch))
        return page

    yield open_
    problems = []
    for context, watch in opened:
        context.close()
        problems.extend(watch.problems)
    assert not problems, "\n".join(problems)
