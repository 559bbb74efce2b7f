"""The embedded form in a real browser, from a page served by the shared page cache."""

import pytest
from playwright.sync_api import expect

from leads.models import Lead
from tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AGENCY_PAGE_CACHE = True
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0


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


def test_the_embedded_form_gets_its_token_and_sends_one_lead(open_page, live_server):
    url = cached_service_url(live_server)
    page = open_page(1280, 900)
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "HIT"
    fill(page)
    expect(page.locator("#lead-token")).not_to_have_value("")
    button = page.locator("[data-lead-submit]")
    # A double click sends the form once.
    button.dblclick()
    page.wait_for_url("**/contact/thanks/")
    lead = Lead.objects.get()
    assert not lead.is_spam
    assert lead.placement == Lead.Placement.SERVICE_PAGE
    assert lead.page_url == url
    assert lead.service.slug == "mini-program"


def test_without_javascript_the_embedded_form_asks_to_confirm(open_page, live_server):
    url = cached_service_url(live_server)
    page = open_page(1280, 900, java_script_enabled=False)
    page.goto(url)
    fill(page)
    page.click("[data-lead-submit]")
    page.wait_for_url("**/contact/")
    expect(page.locator("#id_message")).to_have_value("A mini program for 12 bakeries.")
    assert Lead.objects.count() == 0
    page.click("[data-lead-submit]")
    page.wait_for_url("**/contact/thanks/")
    lead = Lead.objects.get()
    assert not lead.is_spam
    assert lead.placement == Lead.Placement.SERVICE_PAGE
