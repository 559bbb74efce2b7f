"""Speed to lead in a real browser, end to end: a sales manager sets up a DingTalk group
robot and an assignment rule in the admin; a visitor sends the contact form; the lead
has its owner at once and the robot (a real HTTP receiver on loopback that checks
DingTalk's signature) is told, naming the owner; the owner logs a call, schedules the
next one, finds it in My day, and the dashboard shows how fast the team answered."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.models import Activity, Delivery, SalesProfile
from tests.factories import SalesFactory
from tests.support.browser import enquiry_send, thanked_lead
from tests.support.receivers import DingTalkReceiver

from .conftest import admin_login, person_user_agent

SECRET = "SEC0123456789abcdef"


@pytest.fixture(autouse=True)
def _leads_settings(settings):
    # The minimum fill time stops robots; this person types at machine speed.
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0


@pytest.fixture
def dingtalk():
    receiver = DingTalkReceiver(secret=SECRET).start()
    yield receiver
    receiver.stop()


def local_input(moment):
    """A datetime-local input's value for an aware moment, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_enquiry_is_owned_announced_worked_and_measured(
    browser, open_page, demo_site, dingtalk
):
    manager = SalesFactory(username="sales-boss", first_name="Wen", last_name="Boss")
    sam = SalesFactory(username="sales-sam", first_name="Sam", last_name="Li")
    SalesProfile.objects.create(user=sam, mobile="13800138000")

    # The manager connects the sales group's DingTalk robot ...
    page = open_page(1440, 900)
    admin_login(page, manager.username)
    page.goto("/admin/leads/notificationchannel/add/")
    page.get_by_label("Name:").fill("Sales group")
    page.get_by_label("Kind:").select_option("dingtalk")
    page.get_by_label("Webhook address:").fill(dingtalk.url)
    page.get_by_label("Signing secret:").fill(SECRET)
    page.get_by_role("checkbox", name="New lead").check()
    page.get_by_role("checkbox", name="Lead assigned").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # ... and a rule that gives every lead to Sam, any day, any hour.
    page.goto("/admin/leads/assignmentrule/add/")
    page.get_by_label("Name:").fill("Everything to Sam")
    page.get_by_role("checkbox", name="Sam Li").check()
    for box in page.locator("input[name=weekdays]").all():
        box.uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # A visitor sends an enquiry.
    visitor = open_page(1440, 900, user_agent=person_user_agent(browser))
    visitor.goto("/contact/")
    enquiry_send(
        visitor,
        name="Mia Wong",
        company="Harbour Bakery",
        email="mia@harbour-bakery.example",
        project="A mini program for ordering cakes.",
    )

    # Owned at once; the robot was told, correctly signed, naming the owner.
    lead = thanked_lead(visitor, "Mia Wong")
    assert lead.owner == sam and lead.assigned_at is not None
    assert lead.response_due_at is not None
    deliveries = Delivery.objects.filter(lead=lead, channel__isnull=False)
    assert sorted(deliveries.values_list("event", "state")) == [
        ("assigned", "sent"),
        ("new_lead", "sent"),
    ]
    assert len(dingtalk.accepted) == 2, dingtalk.requests
    assigned = next(text for text in dingtalk.texts() if "Sam Li" in text)
    assert "@13800138000" in assigned
    assert "Mia Wong" in " ".join(dingtalk.texts())
    # Every request carried DingTalk's timestamp and signature (the receiver refuses
    # any other), and the visitor's e-mail never went to the group.
    assert all("sign=" in path for path, *_ in dingtalk.requests)
    assert "mia@harbour-bakery.example" not in " ".join(dingtalk.texts())

    # Sam calls Mia, reaches her, and plans the next call.
    page = open_page(1440, 900)
    admin_login(page, sam.username)
    page.goto(f"/admin/leads/lead/{lead.pk}/change/")
    row = page.locator("#planned-0")
    row.locator("select[name=planned-0-kind]").select_option("call")
    row.locator("select[name=planned-0-outcome]").select_option("reached")
    row.locator("textarea[name=planned-0-outcome_note]").fill(
        "Spoke to Mia: wants a quote by Friday."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    lead.refresh_from_db()
    assert lead.first_attempt_at is not None and lead.first_reached_at is not None

    now = timezone.localtime()
    due = min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59))
    row = page.locator("#planned-0")
    row.locator("select[name=planned-0-kind]").select_option("call")
    row.locator("input[name=planned-0-due_at]").fill(local_input(due))
    row.locator("textarea[name=planned-0-note]").fill("Go through the quote.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    planned = Activity.objects.get(lead=lead, done_at__isnull=True)
    assert planned.assignee == sam

    # My day lists it.
    page.goto("/admin/leads/lead/my-day/")
    expect(page.get_by_role("main")).to_contain_text("Go through the quote.")
    expect(page.get_by_role("main")).to_contain_text("Mia Wong")

    # The dashboard shows how fast the team answered.
    page.goto("/admin/leads/lead/dashboard/")
    section = page.get_by_role("region", name="First response")
    expect(section).to_be_visible()
    expect(section).to_contain_text("Sam Li")
