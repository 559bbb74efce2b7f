"""Nothing slips: activities planned and done on a lead, its first attempt and contact,
and every field change on its timeline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leads import activities, services
from leads.models import Activity, Lead, LeadActivity
from tests.admin.forms import as_post, form_data
from tests.factories import LeadFactory, SalesFactory
from tests.leads.test_admin import change_data

pytestmark = pytest.mark.django_db


def local_input(moment):
    """A moment as the browser's date-and-time box sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def change_url(lead):
    return reverse("admin:leads_lead_change", args=[lead.pk])


def timeline(lead):
    return list(lead.activities.order_by("created_at", "pk"))


def test_the_daily_path_plan_a_call_then_mark_it_done(sales_client, salesperson):
    """Open a lead, plan a call and raise the priority; then log the call as reached."""
    lead = LeadFactory(status=Lead.Status.NEW, owner=salesperson)
    url = change_url(lead)
    page = sales_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="planned-0-due_at"' in html
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    data = change_data(
        page,
        lead,
        priority=Lead.Priority.HIGH,
        **{
            "planned-0-kind": "call",
            "planned-0-due_at": local_input(tomorrow),
            "planned-0-note": "Ask about the budget.",
        },
    )
    response = sales_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    call = Activity.objects.get(lead=lead)
    assert call.kind == Activity.Kind.CALL
    assert call.assignee == salesperson  # the owner, by default
    assert call.created_by == salesperson
    assert call.done_at is None
    lead.refresh_from_db()
    assert lead.priority == Lead.Priority.HIGH
    assert lead.next_follow_up == timezone.localtime(tomorrow).date()
    assert lead.first_attempt_at is None

    # The call is made: its outcome, chosen in its row, marks it done.
    page = sales_client.get(url)
    data = change_data(
        page,
        lead,
        priority=Lead.Priority.HIGH,
        **{
            "planned-0-outcome": Activity.Outcome.REACHED,
            "planned-0-outcome_note": "Budget confirmed, wants a demo.",
        },
    )
    response = sales_client.post(url, data)
    # Back to the lead, to schedule the next one.
    assert response.status_code == 302, response.context["errors"]
    assert response["Location"].startswith(url)
    call.refresh_from_db()
    assert call.done_at is not None
    assert call.outcome == Activity.Outcome.REACHED
    assert call.outcome_note == "Budget confirmed, wants a demo."
    lead.refresh_from_db()
    assert lead.first_attempt_at == call.done_at
    assert lead.first_reached_at == call.done_at
    assert lead.next_follow_up is None

    page = sales_client.get(response["Location"])
    html = page.content.decode()
    assert "Schedule the next one" in html
    # The next row is ready: a call, for the owner.
    formset = next(
        i.formset
        for i in page.context["inline_admin_formsets"]
        if i.formset.prefix == "planned"
    )
    assert len(formset.initial_forms) == 0
    assert formset.forms[0].initial == {"assignee": salesperson.pk, "kind": "call"}
    # The timeline: planned, the priority change, done.
    kinds = [entry.kind for entry in timeline(lead)]
    assert LeadActivity.Kind.PLANNED in kinds
    assert LeadActivity.Kind.DONE in kinds
    priority = lead.activities.get(kind=LeadActivity.Kind.CHANGED)
    assert (priority.text, priority.old_value, priority.new_value) == (
        "priority",
        "Normal",
        "High",
    )
    assert "Priority: Normal → High" in html
    assert "Call: Reached them: Budget confirmed, wants a demo." in html


def test_a_call_already_made_is_logged_in_one_row(sales_client, salesperson):
    lead = LeadFactory(status=Lead.Status.NEW, owner=salesperson)
    page = sales_client.get(change_url(lead))
    data = change_data(
        page,
        lead,
        **{"planned-0-kind": "call", "planned-0-outcome": Activity.Outcome.NO_ANSWER},
    )
    response = sales_client.post(change_url(lead), data)
    assert response.status_code == 302, response.context["errors"]
    call = Activity.objects.get(lead=lead)
    assert call.done_at is not None and call.outcome == Activity.Outcome.NO_ANSWER
    lead.refresh_from_db()
    assert lead.first_attempt_at is not None
    assert lead.first_reached_at is None  # nobody answered


def test_a_new_activity_without_a_time_is_refused_clearly(sales_client, salesperson):
    lead = LeadFactory(owner=salesperson)
    page = sales_client.get(change_url(lead))
    data = change_data(page, lead, **{"planned-0-note": "Call back"})
    response = sales_client.post(change_url(lead), data)
    assert response.status_code == 200
    assert "Say when it is due." in response.content.decode()
    assert not Activity.objects.exists()


def test_the_follow_up_date_is_the_earliest_open_activity(salesperson):
    lead = LeadFactory(owner=salesperson)
    now = timezone.now()
    later = activities.activity_plan(
        lead=lead,
        kind="email",
        due_at=now + datetime.timedelta(days=5),
        user=salesperson,
    )
    sooner = activities.activity_plan(
        lead=lead,
        kind="call",
        due_at=now + datetime.timedelta(days=2),
        user=salesperson,
    )
    lead.refresh_from_db()
    assert lead.next_follow_up == timezone.localtime(sooner.due_at).date()
    activities.activity_done(
        activity=sooner, outcome=Activity.Outcome.NO_ANSWER, user=salesperson
    )
    lead.refresh_from_db()
    assert lead.next_follow_up == timezone.localtime(later.due_at).date()


@pytest.mark.parametrize(
    ("kind", "outcome", "attempted", "reached"),
    [
        ("call", Activity.Outcome.NO_ANSWER, True, False),
        ("email", Activity.Outcome.DONE, True, False),
        ("call", Activity.Outcome.REACHED, True, True),
        ("meeting", Activity.Outcome.DONE, True, True),
        ("todo", Activity.Outcome.DONE, False, False),
    ],
)
def test_what_counts_as_first_attempt_and_contact(
    salesperson, kind, outcome, attempted, reached
):
    lead = LeadFactory(owner=salesperson)
    planned = activities.activity_plan(
        lead=lead, kind=kind, due_at=timezone.now(), user=salesperson
    )
    assert activities.activity_done(activity=planned, outcome=outcome, user=salesperson)
    lead.refresh_from_db()
    assert (lead.first_attempt_at is not None) == attempted
    assert (lead.first_reached_at is not None) == reached


def test_the_first_contact_is_never_moved_later(salesperson):
    lead = LeadFactory(owner=salesperson)
    first = activities.activity_plan(
        lead=lead, kind="call", due_at=timezone.now(), user=salesperson
    )
    second = activities.activity_plan(
        lead=lead, kind="call", due_at=timezone.now(), user=salesperson
    )
    activities.activity_done(activity=first, outcome="reached", user=salesperson)
    lead.refresh_from_db()
    stamped = lead.first_reached_at
    activities.activity_done(activity=second, outcome="reached", user=salesperson)
    lead.refresh_from_db()
    assert lead.first_reached_at == stamped
    # Done twice is done once.
    assert not activities.activity_done(
        activity=second, outcome="done", user=salesperson
    )


def test_a_person_moving_a_lead_on_from_new_reached_it(salesperson):
    lead = LeadFactory(status=Lead.Status.NEW, owner=salesperson)
    services.lead_set_status(lead=lead, status=Lead.Status.CONTACTED, user=salesperson)
    lead.refresh_from_db()
    assert lead.first_attempt_at is not None
    assert lead.first_reached_at is not None


def test_an_automatic_status_change_does_not_count(salesperson):
    lead = LeadFactory(status=Lead.Status.NEW)
    services.lead_set_status(lead=lead, status=Lead.Status.CONTACTED, user=None)
    lead.refresh_from_db()
    assert lead.first_attempt_at is None and lead.first_reached_at is None


def test_the_timeline_records_every_field_change(sales_client, salesperson):
    lead = LeadFactory(owner=salesperson, company="Fresh Foods", budget="")
    page = sales_client.get(change_url(lead))
    data = change_data(
        page,
        lead,
        company="Fresh Foods Ltd",
        budget="50k_150k",
        estimated_value="120000",
        email="new.address@client.example",
    )
    response = sales_client.post(change_url(lead), data)
    assert response.status_code == 302, response.context["errors"]
    changed = {
        entry.text: (entry.old_value, entry.new_value)
        for entry in lead.activities.filter(kind=LeadActivity.Kind.CHANGED)
    }
    assert changed == {
        "company": ("Fresh Foods", "Fresh Foods Ltd"),
        "budget": ("", "¥50,000 – ¥150,000"),
        "estimated_value": ("", "120000"),
        # Personal data: that it changed, never what it was.
        "email": ("", ""),
    }
    # A save that changes nothing records nothing.
    lead.refresh_from_db()
    page = sales_client.get(change_url(lead))
    same = change_data(
        page, lead, budget=lead.budget, estimated_value=str(lead.estimated_value)
    )
    assert sales_client.post(change_url(lead), same).status_code == 302
    assert lead.activities.filter(kind=LeadActivity.Kind.CHANGED).count() == 4


def test_an_open_activity_can_be_moved(sales_client, salesperson):
    lead = LeadFactory(owner=salesperson)
    call = activities.activity_plan(
        lead=lead,
        kind="call",
        due_at=timezone.now() + datetime.timedelta(days=1),
        user=salesperson,
    )
    page = sales_client.get(change_url(lead))
    later = timezone.now() + datetime.timedelta(days=3)
    other = SalesFactory()
    data = change_data(
        page,
        lead,
        **{"planned-0-due_at": local_input(later), "planned-0-assignee": other.pk},
    )
    response = sales_client.post(change_url(lead), data)
    assert response.status_code == 302, response.context["errors"]
    call.refresh_from_db()
    assert call.assignee == other
    assert local_input(call.due_at) == local_input(later)
    lead.refresh_from_db()
    assert lead.next_follow_up == timezone.localtime(later).date()


def test_a_lead_typed_in_by_sales_gets_its_first_call_planned(
    sales_client, salesperson
):
    url = reverse("admin:leads_lead_add")
    html = sales_client.get(url).content.decode()
    data = as_post(form_data(html, "lead_form"))
    due = timezone.now() + datetime.timedelta(hours=3)
    data.update(
        {
            "name": ["Zhang Min"],
            "phone": ["+86 139 1111 2222"],
            "planned-0-due_at": [local_input(due)],
            "planned-0-note": ["Call back about the quote."],
        }
    )
    response = sales_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    lead = Lead.objects.get(name="Zhang Min")
    assert lead.owner == salesperson and lead.assigned_at is not None
    call = Activity.objects.get(lead=lead)
    assert call.assignee == salesperson and call.note == "Call back about the quote."
    lead.refresh_from_db()
    assert lead.next_follow_up == timezone.localtime(due).date()
