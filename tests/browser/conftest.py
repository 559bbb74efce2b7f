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


@pytest.fixture
def demo_site(transactional_db, demo_snapshot, settings):
    """The demo content, as `make run` builds it (restored from the session's copy:
    tests/support/demo.py)."""
    from django.db import connection, transaction

    settings.MEDIA_ROOT = demo_snapshot.media_root
    with transaction.atomic():
        demo_snapshot.restore(connection)


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
