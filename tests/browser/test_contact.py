"""A visitor sends the enquiry form of a service page in a real browser: a mistake
first, told at the field with what they typed kept, then the lead, credited to the
service and the page it came from."""

import re

import pytest
from playwright.sync_api import expect

from leads.models import Lead
from services.models import Service
from tests.support.browser import enquiry_send, thanked_lead

from .conftest import person_user_agent


@pytest.fixture(autouse=True)
def _leads_settings(settings):
    # The minimum fill time stops robots; this person types at machine speed.
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False


def test_enquiry_from_a_service_page_after_one_mistake(browser, open_page, demo_site):
    service = Service.objects.published().get(slug="mini-program")
    page = open_page(1440, 900, user_agent=person_user_agent(browser))
    page.goto(service.get_absolute_url())

    form = page.locator("form[data-lead-form]")
    expect(form.get_by_label("Service of interest")).to_have_value(service.slug)
    enquiry_send(
        page,
        name="Mia Wong",
        company="Harbour Bakery",
        email="mia@harbour-bakery",  # no top-level domain
        project="A mini program for ordering cakes.",
    )

    # Back on /contact/: a summary on top, the message at the field, nothing lost.
    expect(page).to_have_url(re.compile(r"/contact/$"))
    expect(page.get_by_role("alert")).to_contain_text("Some details need a second look")
    form = page.locator("form[data-lead-form]")
    email = form.get_by_role("textbox", name="E-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    field = form.locator(".field.has-error")
    expect(field).to_have_count(1)
    expect(field).to_contain_text("Enter a valid email address.")
    expect(email).to_have_value("mia@harbour-bakery")
    expect(form.get_by_label("Your name")).to_have_value("Mia Wong")
    expect(form.get_by_label("Company")).to_have_value("Harbour Bakery")
    expect(form.get_by_label("Your project")).to_have_value(
        "A mini program for ordering cakes."
    )
    expect(form.get_by_label("Service of interest")).to_have_value(service.slug)
    expect(form.get_by_label("I agree")).to_be_checked()
    assert not Lead.objects.filter(name="Mia Wong").exists()

    email.fill("mia@harbour-bakery.example")
    form.get_by_role("button", name="Send my enquiry").click()
    lead = thanked_lead(page, "Mia Wong")
    expect(page.locator("h1")).to_be_visible()
    assert lead.email == "mia@harbour-bakery.example"
    assert lead.service == service
    assert lead.page_url == service.get_absolute_url()
    assert lead.placement == Lead.Placement.SERVICE_PAGE
    assert not lead.is_spam
