"""The embedded form in a real browser, from a page served by the shared page cache."""

import pytest
from playwright.sync_api import expect

from leads.models import Lead
from tests.browser.conftest import PageWatch
from tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AGENCY_PAGE_CACHE = True
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0


def open_page(browser, live_server, javascript=True):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    watch = PageWatch(live_server.url)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    page.on("request", watch.on_request)
    page.on("response", watch.on_response)
    return context, page, watch


def fill(page):
    page.fill("#lead-name", "Browser Visitor")
    page.fill("#lead-email", "visitor@browser.example")
    page.fill("#lead-message", "A mini program for 12 bakeries.")
    page.check("#lead-consent")


def cached_service_url(live_server):
    service = ServiceFactory(name="Mini Program", slug="mini-program")
    url = service.get_absolute_url()
    # Warm the page cache: the visitor below gets the stored copy.
    import urllib.request

    for _attempt in range(3):
        with urllib.request.urlopen(live_server.url + url) as response:  # noqa: S310
            if response.headers.get("X-Page-Cache") == "HIT":
                break
    return url


def test_the_embedded_form_gets_its_token_and_sends_one_lead(browser, live_server):
    url = cached_service_url(live_server)
    context, page, watch = open_page(browser, live_server)
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "HIT"
    fill(page)
    expect(page.locator("#lead-token")).not_to_have_value("")
    button = page.locator("[data-lead-submit]")
    # A double click sends the form once.
    button.dblclick()
    page.wait_for_url("**/contact/thanks/")
    context.close()
    assert not watch.problems, watch.problems
    lead = Lead.objects.get()
    assert not lead.is_spam
    assert lead.placement == Lead.Placement.SERVICE_PAGE
    assert lead.page_url == url
    assert lead.service.slug == "mini-program"


def test_without_javascript_the_embedded_form_asks_to_confirm(browser, live_server):
    url = cached_service_url(live_server)
    context, page, watch = open_page(browser, live_server, javascript=False)
    page.goto(url)
    fill(page)
    page.click("[data-lead-submit]")
    page.wait_for_url("**/contact/")
    expect(page.locator("#id_message")).to_have_value("A mini program for 12 bakeries.")
    assert Lead.objects.count() == 0
    page.click("[data-lead-submit]")
    page.wait_for_url("**/contact/thanks/")
    context.close()
    assert not watch.problems, watch.problems
    lead = Lead.objects.get()
    assert not lead.is_spam
    assert lead.placement == Lead.Placement.SERVICE_PAGE
