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
    cached frames and pages never leak across."""
    from agency.core.fragments import local_fragments
    from agency.core.pagecache import known, local_pages

    cache.clear()
    local_pages.clear()
    local_fragments.clear()
    known.forget()
    yield
    cache.clear()
    local_pages.clear()
    local_fragments.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def redis_down(settings):
    """The site's cache on a Redis that is down (nothing listens on its port)."""
    from agency.core.cache import ResilientRedisCache
    from tests.support.caches import REDIS_DOWN, use_redis

    yield use_redis(settings, REDIS_DOWN, timeout=0.2)
    ResilientRedisCache._down_until = 0.0


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
