"""Every lead has an owner at once: assignment rules, and the owner told."""

import datetime
from email import message_from_bytes, policy

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leads import services
from leads.assignment import lead_auto_assign
from leads.models import (
    AssignmentRule,
    Delivery,
    Event,
    Lead,
    LeadActivity,
    SalesProfile,
)
from tests.factories import LeadFactory, SalesFactory, ServiceFactory
from tests.leads.test_admin import save_lead
from tests.support.contact import send_at_once

pytestmark = pytest.mark.django_db


def make_rule(*members, name="Everyone", order=0, **fields):
    """A rule working every day and hour unless told otherwise."""
    fields.setdefault("weekdays", [])
    rule = AssignmentRule.objects.create(name=name, order=order, **fields)
    rule.members.set(members)
    return rule


def enquiry(n=0, **fields):
    fields.setdefault("email", f"visitor{n}@client.example")
    lead, created = services.lead_create(name=f"Visitor {n}", **fields)
    assert created
    lead.refresh_from_db()
    return lead


def owners(leads):
    return [lead.owner for lead in leads]


# --- Methods ----------------------------------------------------------------------------


def test_round_robin_gives_each_member_a_lead_in_turn():
    a, b, c = SalesFactory(), SalesFactory(), SalesFactory()
    make_rule(c, a, b, name="Round the table")
    leads = [enquiry(n) for n in range(4)]
    assert owners(leads) == [a, b, c, a]  # by a stable order, wrapping round


def test_an_assignment_is_on_the_timeline_and_stamped(sales_client):
    a = SalesFactory(first_name="Mei", last_name="Chen")
    make_rule(a, name="Shanghai team")
    lead = enquiry()
    assert lead.owner == a
    assert lead.assigned_at is not None
    assert lead.response_due_at is not None and lead.response_due_at > lead.created_at
    entry = lead.activities.get(kind=LeadActivity.Kind.OWNER)
    assert entry.author is None
    assert entry.new_value == "Mei Chen"
    assert entry.text == "Shanghai team"
    page = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk]))
    assert "— → Mei Chen (by the rule “Shanghai team”)" in page.content.decode()


def test_fewest_open_leads_goes_to_the_least_busy_member():
    busy, free = SalesFactory(), SalesFactory()
    LeadFactory.create_batch(2, owner=busy, status=Lead.Status.CONTACTED)
    # Closed leads and spam are not work.
    LeadFactory.create_batch(3, owner=free, status=Lead.Status.WON)
    LeadFactory.create_batch(3, owner=free, is_spam=True)
    make_rule(busy, free, method=AssignmentRule.Method.LEAST_OPEN)
    leads = [enquiry(n) for n in range(4)]
    # free: 0 → 1 → 2 (now equal, turns alternate) → busy 3 → free 3.
    assert owners(leads) == [free, free, busy, free]


def test_the_first_matching_rule_in_order_assigns():
    late, early, fallback = SalesFactory(), SalesFactory(), SalesFactory()
    make_rule(late, name="Later", order=5)
    make_rule(early, name="Earlier", order=1)
    assert enquiry().owner == early
    AssignmentRule.objects.filter(name="Earlier").update(active=False)
    assert enquiry(1).owner == late
    assert fallback.owned_leads.count() == 0


@pytest.mark.parametrize(
    ("condition", "matching", "other"),
    [
        ("language", {"language": "zh-hans"}, {"language": "en"}),
        ("source", {"source": Lead.Source.SEARCH}, {"source": Lead.Source.SOCIAL}),
        (
            "country",
            {"phone": "+44 20 7946 0958"},
            {"phone": "+86 138 0013 8000"},
        ),
        (
            "placement",
            {"placement": Lead.Placement.SERVICE_PAGE},
            {"placement": Lead.Placement.CONTACT_PAGE},
        ),
    ],
)
def test_a_rule_takes_only_the_leads_meeting_its_conditions(condition, matching, other):
    specialist, everyone = SalesFactory(), SalesFactory()
    conditions = {
        "language": {"languages": ["zh-hans"]},
        "source": {"sources": [Lead.Source.SEARCH]},
        "country": {"countries": ["44"]},
        "placement": {"placements": [Lead.Placement.SERVICE_PAGE]},
    }[condition]
    make_rule(specialist, name="Specialist", order=1, **conditions)
    make_rule(everyone, name="Everyone", order=2)
    assert enquiry(1, **matching).owner == specialist
    assert enquiry(2, **other).owner == everyone


def test_a_rule_by_service_takes_that_service_only():
    apps, web = ServiceFactory(name="Mini programs"), ServiceFactory(name="Websites")
    specialist, everyone = SalesFactory(), SalesFactory()
    rule = make_rule(specialist, name="Mini programs", order=1)
    rule.services.set([apps])
    make_rule(everyone, order=2)
    assert enquiry(1, service=apps).owner == specialist
    assert enquiry(2, service=web).owner == everyone
    assert enquiry(3).owner == everyone


def test_a_rule_outside_its_working_days_gives_way():
    weekend, everyone = SalesFactory(), SalesFactory()
    today = timezone.localtime().weekday()
    make_rule(weekend, name="Not today", order=1, weekdays=[(today + 1) % 7])
    make_rule(everyone, order=2)
    assert enquiry().owner == everyone


def test_working_hours_are_the_site_time_zone():
    rule = AssignmentRule(
        weekdays=[0, 1, 2, 3, 4],
        start_time=datetime.time(9),
        end_time=datetime.time(18),
    )
    zone = timezone.get_current_timezone()

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.datetime(2026, 11, day, hour, minute), zone)

    assert rule.working_at(at(30, 9))  # a Monday, at opening
    assert rule.working_at(at(30, 17, 59))
    assert not rule.working_at(at(30, 18))
    assert not rule.working_at(at(30, 8, 59))
    assert not rule.working_at(at(29, 12))  # a Sunday
    # The same moment given in UTC is judged in the site's zone.
    assert rule.working_at(at(30, 10).astimezone(datetime.UTC))


def test_members_away_are_skipped_and_a_rule_of_absentees_gives_way():
    away, here, fallback = SalesFactory(), SalesFactory(), SalesFactory()
    today = timezone.localdate()
    SalesProfile.objects.create(
        user=away,
        away_from=today - datetime.timedelta(days=1),
        away_until=today + datetime.timedelta(days=3),
    )
    # Back from leave: no longer skipped.
    SalesProfile.objects.create(
        user=here, away_until=today - datetime.timedelta(days=1)
    )
    make_rule(away, here, order=1)
    assert [enquiry(n).owner for n in range(3)] == [here, here, here]
    AssignmentRule.objects.get(order=1).members.set([away])
    make_rule(fallback, name="Fallback", order=2)
    assert enquiry(9).owner == fallback


def test_inactive_users_are_skipped():
    gone, here = SalesFactory(is_active=False), SalesFactory()
    make_rule(gone, here)
    assert [enquiry(n).owner for n in range(2)] == [here, here]


def test_no_rule_no_owner():
    lead = enquiry()
    assert lead.owner is None
    assert lead.assigned_at is None
    assert lead.response_due_at is not None


def test_spam_is_never_assigned_until_restored(salesperson):
    member = SalesFactory()
    make_rule(member)
    lead = enquiry(spam_reasons=["honeypot"])
    assert lead.owner is None and lead.assigned_at is None
    assert not Delivery.objects.filter(lead=lead).exists()
    assert lead_auto_assign(lead=lead) is None
    services.lead_mark_not_spam(lead=lead, user=salesperson)
    lead.refresh_from_db()
    assert lead.owner == member
    assert lead.response_due_at is not None
    assert Delivery.objects.filter(
        lead=lead, recipient=member, event=Event.ASSIGNED
    ).exists()


# --- Telling the owner ----------------------------------------------------------------


def test_the_owner_is_told_by_e_mail_at_once(smtp, form_data):
    smtp.start()
    owner = SalesFactory(email="mei@agency.example")
    make_rule(owner)
    response = Client().post("/contact/", form_data(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.owner == owner
    delivery = Delivery.objects.get(recipient=owner, event=Event.ASSIGNED)
    assert delivery.lead == lead
    assert delivery.state == Delivery.State.SENT
    to_owner = [m for m in smtp.messages if "mei@agency.example" in m.rcpt_tos]
    assert len(to_owner) == 1
    mail = message_from_bytes(to_owner[0].content, policy=policy.default)
    assert f"Lead #{lead.pk} assigned to" in mail["Subject"]
    assert "Li Wei" in mail.get_body(("plain",)).get_content()


def test_a_reassignment_tells_the_new_owner_but_not_who_took_it_themselves(
    sales_client, salesperson
):
    first, second = SalesFactory(), SalesFactory()
    make_rule(first)
    lead = enquiry()
    assert Delivery.objects.filter(recipient=first).count() == 1
    services.lead_assign(lead=lead, owner=second, user=salesperson)
    assert Delivery.objects.filter(recipient=second, event=Event.ASSIGNED).count() == 1
    # Back to the first owner: a new message, not the first one's key again.
    services.lead_assign(lead=lead, owner=first, user=salesperson)
    assert Delivery.objects.filter(recipient=first).count() == 2
    # "Assign to me" in the list: the one who clicked needs no message.
    response = sales_client.post(
        reverse("admin:leads_lead_changelist"),
        {"action": "assign_to_me", "_selected_action": [lead.pk]},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == salesperson
    assert not Delivery.objects.filter(recipient=salesperson).exists()


def test_the_owner_field_in_the_admin_tells_the_new_owner(sales_client):
    lead = LeadFactory(status=Lead.Status.NEW)
    new_owner = SalesFactory()
    save_lead(sales_client, lead, owner=new_owner.pk)
    assert lead.owner == new_owner and lead.assigned_at is not None
    assert Delivery.objects.filter(recipient=new_owner, event=Event.ASSIGNED).exists()


# --- Concurrency ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_leads_arriving_together_go_round_the_members(visitors_forms):
    """The rule row is locked while its pointer moves: no two leads read the same."""
    members = [SalesFactory() for _n in range(3)]
    make_rule(*members)
    codes = send_at_once(visitors_forms(6))
    assert codes == [302] * 6
    counts = sorted(Lead.objects.filter(owner=m).count() for m in members)
    assert counts == [2, 2, 2]
