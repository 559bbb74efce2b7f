"""Measured response: a lead's first response is due, overdue or answered, counted in
working hours; a breached lead is escalated once, to the channels that want breaches."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.admin.columns import FirstResponseFilter
from leads.admin.lead import LeadAdmin
from leads.models import Delivery, Event, Lead, LeadActivity, NotificationChannel
from leads.response import (
    ResponseState,
    lead_response_escalation,
    leads_escalate_due,
    response_state,
    working_deadline,
)
from tests.factories import LeadFactory, LostReasonFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _working_week(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    settings.AGENCY_LEADS_WORKING_DAYS = [0, 1, 2, 3, 4]
    settings.AGENCY_LEADS_WORKING_HOURS = ("09:00", "18:00")
    settings.AGENCY_LEADS_FIRST_RESPONSE_MINUTES = 60


def at(day, hour, minute=0):
    """A moment in Shanghai; days of the week of 30 November 2026 (a Monday)."""
    date = datetime.date(2026, 11, 30) + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), SHANGHAI)


MONDAY, FRIDAY, SATURDAY, NEXT_MONDAY = 0, 4, 5, 7


def received(moment, **fields):
    """A genuine lead that arrived at `moment`, its target set as the intake sets it."""
    return LeadFactory(
        created_at=moment, response_due_at=working_deadline(moment), **fields
    )


@pytest.fixture
def breach_channel():
    """The team's e-mail channel for breaches, and one that only announces new leads."""
    NotificationChannel.objects.create(
        name="New leads only",
        kind=NotificationChannel.Kind.EMAIL,
        email_to="all@agency.example",
        events=[Event.NEW_LEAD],
    )
    return NotificationChannel.objects.create(
        name="Managers",
        kind=NotificationChannel.Kind.EMAIL,
        email_to="boss@agency.example",
        events=[Event.BREACH],
    )


# --- The state ---------------------------------------------------------------------------


def test_a_new_lead_is_due_then_overdue_in_working_minutes():
    lead = received(at(MONDAY, 10))
    assert lead.response_due_at == at(MONDAY, 11)
    assert response_state(lead, now=at(MONDAY, 10, 15)) == ResponseState("due", 45)
    assert response_state(lead, now=at(MONDAY, 11, 20)) == ResponseState("overdue", 20)
    assert response_state(lead, now=at(MONDAY, 11, 20)).label == "overdue by 20 min"


def test_an_answered_lead_says_how_long_it_took():
    lead = received(at(MONDAY, 10), first_attempt_at=at(MONDAY, 10, 12))
    state = response_state(lead, now=at(MONDAY, 15))
    assert state == ResponseState("answered", 12)
    assert state.label == "answered in 12 min"


def test_nights_and_weekends_are_not_counted():
    lead = received(at(FRIDAY, 17, 30))
    # 30 minutes on Friday, 30 on Monday morning.
    assert lead.response_due_at == at(NEXT_MONDAY, 9, 30)
    assert response_state(lead, now=at(SATURDAY, 12)) == ResponseState("due", 30)
    answered = received(at(FRIDAY, 17, 50), first_attempt_at=at(NEXT_MONDAY, 9, 5))
    assert response_state(answered).minutes == 15


def test_spam_and_closed_unanswered_leads_have_no_state():
    assert response_state(received(at(MONDAY, 10), is_spam=True)) is None
    lost = received(
        at(MONDAY, 10), status=Lead.Status.LOST, lost_reason=LostReasonFactory()
    )
    assert response_state(lost, now=at(MONDAY, 16)) is None


# --- Escalation --------------------------------------------------------------------------


def test_a_breached_lead_is_escalated_once(breach_channel):
    lead = received(at(MONDAY, 10))

    assert leads_escalate_due(now=at(MONDAY, 10, 59)) == 0
    lead.refresh_from_db()
    assert lead.escalated_at is None

    assert leads_escalate_due(now=at(MONDAY, 11, 1)) == 1
    lead.refresh_from_db()
    assert lead.escalated_at == at(MONDAY, 11, 1)
    entry = lead.activities.get(kind=LeadActivity.Kind.NOTIFIED)
    assert "First response overdue" in entry.text
    deliveries = Delivery.objects.filter(lead=lead, event=Event.BREACH)
    assert [d.channel for d in deliveries] == [breach_channel]

    # Later runs, however many, leave it alone.
    assert leads_escalate_due(now=at(MONDAY, 11, 2)) == 0
    assert leads_escalate_due(now=at(MONDAY, 17)) == 0
    assert Delivery.objects.filter(lead=lead, event=Event.BREACH).count() == 1
    assert lead.activities.filter(kind=LeadActivity.Kind.NOTIFIED).count() == 1


def test_the_weekend_does_not_breach_a_friday_evening_lead(breach_channel):
    lead = received(at(FRIDAY, 17, 30))
    for moment in (at(FRIDAY, 23), at(SATURDAY, 12), at(NEXT_MONDAY, 9, 29)):
        assert leads_escalate_due(now=moment) == 0
    assert leads_escalate_due(now=at(NEXT_MONDAY, 9, 31)) == 1
    lead.refresh_from_db()
    assert lead.escalated_at == at(NEXT_MONDAY, 9, 31)


def test_spam_answered_and_closed_leads_are_never_escalated(breach_channel):
    received(at(MONDAY, 10), is_spam=True)
    received(at(MONDAY, 10), first_attempt_at=at(MONDAY, 12))
    received(at(MONDAY, 10), status=Lead.Status.WON)
    LeadFactory(created_at=at(MONDAY, 10))  # from before the target: no clock
    assert leads_escalate_due(now=at(FRIDAY, 17)) == 0
    assert not Lead.objects.filter(escalated_at__isnull=False).exists()
    assert not Delivery.objects.filter(event=Event.BREACH).exists()


def test_the_periodic_job_escalates_and_is_recorded(breach_channel):
    lead = LeadFactory(response_due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert lead_response_escalation.call_local() == "1 escalated"
    lead.refresh_from_db()
    assert lead.escalated_at is not None
    assert lead_response_escalation.call_local() == "0 escalated"


# --- The list ----------------------------------------------------------------------------


@pytest.fixture
def response_in_the_list(monkeypatch):
    """The column and the filter in LeadAdmin, as the integration puts them."""
    if "response" not in LeadAdmin.list_display:
        monkeypatch.setattr(
            LeadAdmin, "list_display", [*LeadAdmin.list_display, "response"]
        )
    if FirstResponseFilter not in LeadAdmin.list_filter:
        monkeypatch.setattr(
            LeadAdmin, "list_filter", [*LeadAdmin.list_filter, FirstResponseFilter]
        )


def test_sales_see_and_filter_the_first_response(sales_client, response_in_the_list):
    now = timezone.now()
    due = LeadFactory(name="Due Dan", response_due_at=now + datetime.timedelta(days=3))
    overdue = LeadFactory(
        name="Late Lin", response_due_at=now - datetime.timedelta(days=3)
    )
    answered = LeadFactory(
        name="Quick Qian",
        created_at=at(MONDAY, 10),
        response_due_at=at(MONDAY, 11),
        first_attempt_at=at(MONDAY, 10, 7),
    )
    url = reverse("admin:leads_lead_changelist")

    html = sales_client.get(url).content.decode()
    assert "First response" in html
    # The state is written out: the badge's colour is not the only sign.
    assert re.search(r"lead-response-due[^>]*>due in \d+ min<", html)
    assert re.search(r"lead-response-overdue[^>]*>overdue by \d+ min<", html)
    assert "answered in 7 min" in html

    def listed(value):
        response = sales_client.get(url, {"response": value})
        assert response.status_code == 200
        return {lead.pk for lead in response.context["cl"].result_list}

    assert listed("due") == {due.pk}
    assert listed("overdue") == {overdue.pk}
    assert listed("answered") == {answered.pk}
