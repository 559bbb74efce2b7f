"""The XSS corpus in a real browser: pages showing the payloads open no dialog.

The `page` fixture fails the test on any dialog (alert, confirm, prompt), page error or
console error, which includes the browser refusing a script under our CSP. The
rendering test (tests/hardening/test_xss_rendering.py) takes every payload through every
page; here a representative subset of each kind goes through the pages a browser runs.
"""

import base64

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.hardening.content import BATCH_ADMIN, fill_site, fill_site_settings
from tests.hardening.markup import load_payloads

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = load_payloads()
# One or two of each kind: script tags, handlers, script URLs, SVG, broken markup,
# attribute breakouts, odd encodings, template and script-context breakouts.
SUBSET = [
    p
    for p in PAYLOADS
    if p
    in {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(10)>",
        "<svg/onload=alert(16)>",
        "<input autofocus onfocus=alert(18)>",
        "<details open ontoggle=alert(21)>",
        '<a href="java&#x09;script:alert(40)">link</a>',
        '<iframe srcdoc="<script>alert(50)</script>"></iframe>',
        "<svg><animate onbegin=alert(62) attributeName=x dur=1s>",
        '"><img src=x onerror=alert(71)>',
        "</title><script>alert(74)</script>",
        '" autofocus onfocus="alert(88)',
        "{% autoescape off %}<script>alert(111)</script>{% endautoescape %}",
        "</script><script>alert(112)</script>",
    }
]
ADMIN_LISTS = ("articles/article/", "leads/lead/", "menuitem", "sitesettings")
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def test_the_subset_covers_each_kind():
    assert len(SUBSET) == 13


def _quiet_images(page):
    """A payload's <img src=x> that survives as a harmless image must not count as a
    broken request: answer images outside our static and media files with a pixel."""

    def handle(route):
        path = route.request.url.split("/", 3)[-1]
        if route.request.resource_type == "image" and not path.startswith(
            ("static/", "media/")
        ):
            route.fulfill(status=200, content_type="image/png", body=PIXEL)
        else:
            route.continue_()

    page.route("**/*", handle)
    # Playwright leaves a dialog open while anyone listens; close it and go on (the
    # fixture's listener has already recorded it as a failure).
    page.on("dialog", lambda dialog: dialog.dismiss())


def _visit(page, path, mark=None):
    response = page.goto(path)
    assert response.status == 200, path
    if mark:
        expect(page.locator("body")).to_contain_text(mark)
    # Give handlers that fire late (autofocus, animations, toggles) their moment.
    page.wait_for_timeout(50)


def test_payloads_run_nowhere_in_public_pages_or_the_admin(page, live_server):
    _quiet_images(page)
    staff = get_user_model().objects.create_superuser("xss-admin", "a@example.com")
    fill_site_settings(SUBSET)
    filled = [fill_site(p, n, staff) for n, p in enumerate(SUBSET)]

    for number, (payload, (mark, public, _admin)) in enumerate(
        zip(SUBSET, filled, strict=True)
    ):
        # The article (title, excerpt, body, tags, author, category) for every payload,
        # the other detail pages in turn: the rendering test has them all.
        _visit(page, public[0], mark)
        _visit(page, public[1 + number % (len(public) - 1)], mark)
        _visit(page, f"/search/?q={payload}")
    _visit(page, "/")

    # The contact form sent with the payload in every text field: errors shown back.
    page.goto("/contact/")
    form = page.locator("main form").first
    for label in ("Your name", "Company", "Your project"):
        form.get_by_label(label).fill(SUBSET[3])
    form.get_by_role("textbox", name="E-mail").fill(SUBSET[8])
    form.get_by_role("textbox", name="Phone").fill(SUBSET[0])
    form.get_by_role("button", name="Send my enquiry").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    page.wait_for_timeout(50)

    # The admin, as a signed-in superuser (the session cookie of a real login).
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie,
                "url": live_server.url,
            }
        ]
    )
    # Admin pages are slow to load here (each of their files from the live server): the
    # lists show every payload at once, change forms a few in turn.
    for path in BATCH_ADMIN:
        if any(name in path for name in ADMIN_LISTS):
            _visit(page, path)
    for mark, _public, admin in filled[::3]:
        lead_change = next(path for path in admin if "/leads/lead/" in path)
        _visit(page, lead_change, mark)
    _visit(page, filled[0][2][0], filled[0][0])  # an article in the editor
