"""My day, and the admin of assignment rules and sales profiles."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leads import activities
from leads.models import AssignmentRule, Lead, SalesProfile
from tests.admin.forms import as_post, form_data
from tests.factories import EditorFactory, LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db

MY_DAY = reverse("admin:leads_lead_my_day")

NEW_ADMIN_PAGES = [
    ("admin:leads_lead_my_day", []),
    ("admin:leads_assignmentrule_changelist", []),
    ("admin:leads_assignmentrule_add", []),
    ("admin:leads_salesprofile_changelist", []),
    ("admin:leads_salesprofile_add", []),
    ("admin:leads_salesprofile_mine", []),
]


@pytest.mark.parametrize(("url_name", "args"), NEW_ADMIN_PAGES)
def test_editors_get_403_on_every_new_page(editor_client, url_name, args):
    assert editor_client.get(reverse(url_name, args=args)).status_code == 403


def test_editors_cannot_mark_an_activity_done(editor_client):
    call = plan(SalesFactory(), LeadFactory(), hours=-1)
    url = reverse("admin:leads_activity_done", args=[call.pk])
    assert editor_client.post(url, {"outcome": "reached"}).status_code == 403
    call.refresh_from_db()
    assert call.done_at is None


def test_editors_cannot_open_a_rule_or_a_profile(editor_client):
    rule = AssignmentRule.objects.create(name="Everyone")
    profile = SalesProfile.objects.create(user=SalesFactory())
    for url in (
        reverse("admin:leads_assignmentrule_change", args=[rule.pk]),
        reverse("admin:leads_salesprofile_change", args=[profile.pk]),
    ):
        assert editor_client.get(url).status_code == 403


def plan(user, lead, *, hours, kind="call", note=""):
    return activities.activity_plan(
        lead=lead,
        kind=kind,
        due_at=timezone.now() + datetime.timedelta(hours=hours),
        user=user,
        assignee=user,
        note=note,
    )


def test_my_day_lists_overdue_then_today_then_new_leads_oldest_first(
    sales_client, salesperson
):
    now = timezone.now()
    mine = LeadFactory(owner=salesperson, name="Worked Lead")
    activities.lead_contact_record(lead=mine, attempted=True, reached=False)
    overdue = plan(salesperson, LeadFactory(name="Late Lead"), hours=-26)
    overdue_less = plan(salesperson, LeadFactory(name="Less Late Lead"), hours=-2)
    minutes_left = (
        timezone.localtime(now).replace(hour=23, minute=59) - timezone.localtime(now)
    ).total_seconds() / 3600
    today = plan(
        salesperson, LeadFactory(name="Today Lead"), hours=min(minutes_left, 0.2)
    )
    plan(salesperson, LeadFactory(name="Tomorrow Lead"), hours=30)
    done = plan(salesperson, LeadFactory(name="Done Lead"), hours=-3)
    activities.activity_done(activity=done, outcome="reached", user=salesperson)
    plan(SalesFactory(), LeadFactory(name="Colleague Lead"), hours=-3)
    older = LeadFactory(
        owner=salesperson, name="Older New", created_at=now - datetime.timedelta(days=2)
    )
    newer = LeadFactory(
        owner=salesperson,
        name="Newer New",
        created_at=now - datetime.timedelta(hours=1),
    )
    LeadFactory(owner=salesperson, name="Spam New", is_spam=True)
    LeadFactory(owner=salesperson, name="Won New", status=Lead.Status.WON)
    LeadFactory(owner=SalesFactory(), name="Colleague New")

    response = sales_client.get(MY_DAY)
    assert response.status_code == 200
    assert response.context["overdue"] == [overdue, overdue_less]
    assert response.context["due_today"] == [today]
    html = response.content.decode()
    shown = [
        "Late Lead",
        "Less Late Lead",
        "Today Lead",
        "Older New",
        "Newer New",
    ]
    positions = [html.index(name) for name in shown]
    assert positions == sorted(positions)
    for hidden in (
        "Tomorrow Lead",
        "Done Lead",
        "Colleague Lead",
        "Spam New",
        "Won New",
        "Colleague New",
        "Worked Lead",
    ):
        assert hidden not in html
    assert reverse("admin:leads_lead_change", args=[older.pk]) in html
    assert [lead.pk for lead in response.context["new_leads"]] == [older.pk, newer.pk]


def test_mark_done_from_my_day(sales_client, salesperson):
    lead = LeadFactory(owner=salesperson, name="Call Me")
    call = plan(salesperson, lead, hours=-1)
    url = reverse("admin:leads_activity_done", args=[call.pk])
    response = sales_client.post(url, {"outcome": "", "note": "x"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.done_at is None  # no outcome chosen: nothing done
    response = sales_client.post(
        url, {"outcome": "reached", "note": "Wants a quote."}, follow=True
    )
    assert response.status_code == 200
    call.refresh_from_db()
    assert call.outcome == "reached" and call.outcome_note == "Wants a quote."
    lead.refresh_from_db()
    assert lead.first_reached_at is not None
    html = response.content.decode()
    assert "Call Me" not in html.split("content-main")[-1]
    # Offered at once: the next one, on the lead's page.
    link = reverse("admin:leads_lead_change", args=[lead.pk]) + "#planned-group"
    assert f'<a href="{link}">' in html
    assert sales_client.get(url).status_code == 405


def test_my_day_is_linked_from_the_lead_list(sales_client):
    html = sales_client.get(reverse("admin:leads_lead_changelist")).content.decode()
    assert MY_DAY in html


# --- Assignment rules and sales profiles in the admin -----------------------------------


def rule_form(**overrides):
    data = {
        "name": "Chinese enquiries",
        "order": "1",
        "active": "on",
        "method": "round_robin",
        "members": [],
        "sources": ["search", "social"],
        "languages": ["zh-hans"],
        "placements": [],
        "countries": "86, +852",
        "weekdays": ["0", "1", "2", "3", "4"],
        "start_time": "09:00",
        "end_time": "18:00",
    }
    data.update(overrides)
    return data


def test_a_manager_sets_up_a_rule_with_ticks_and_calling_codes(sales_client):
    member = SalesFactory()
    response = sales_client.post(
        reverse("admin:leads_assignmentrule_add"), rule_form(members=[member.pk])
    )
    assert response.status_code == 302, response.context["errors"]
    rule = AssignmentRule.objects.get()
    assert rule.sources == ["search", "social"]
    assert rule.languages == ["zh-hans"]
    assert rule.placements == []
    assert rule.countries == ["86", "852"]
    assert rule.weekdays == [0, 1, 2, 3, 4]
    assert list(rule.members.all()) == [member]
    page = sales_client.get(
        reverse("admin:leads_assignmentrule_change", args=[rule.pk])
    ).content.decode()
    assert 'value="86, 852"' in page
    listing = sales_client.get(reverse("admin:leads_assignmentrule_changelist"))
    assert "+852" in listing.content.decode()


def test_a_rule_refuses_bad_input_clearly(sales_client):
    editor = EditorFactory()
    response = sales_client.post(
        reverse("admin:leads_assignmentrule_add"),
        rule_form(countries="86, China", members=[editor.pk], end_time="08:00"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "countries" in errors and "China" in errors["countries"][0]
    assert "members" in errors  # only sales can be members
    assert "end_time" in errors
    assert not AssignmentRule.objects.exists()


def test_a_salesperson_edits_their_own_profile(sales_client, salesperson):
    response = sales_client.get(reverse("admin:leads_salesprofile_mine"))
    assert response.status_code == 302
    profile = SalesProfile.objects.get(user=salesperson)
    url = reverse("admin:leads_salesprofile_change", args=[profile.pk])
    assert response["Location"] == url
    data = {
        "away_from": "2031-07-01",
        "away_until": "2031-07-14",
        "mobile": "+86 138 0013 8000",
        "wecom_userid": "meichen",
        "dingtalk_userid": "",
        "feishu_user_id": "",
        "slack_member_id": "",
        "digest_hour": "24",
        "digest_channel": "",
    }
    response = sales_client.post(url, data)
    assert response.status_code == 200
    assert "digest_hour" in response.context["adminform"].form.errors
    response = sales_client.post(url, {**data, "digest_hour": "8"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.digest_hour == 8
    assert profile.is_away(datetime.date(2031, 7, 14))
    assert not profile.is_away(datetime.date(2031, 7, 15))


@pytest.mark.parametrize("model", ["assignmentrule", "salesprofile"])
def test_a_rule_and_a_profile_saved_as_shown_stay_the_same(sales_client, model):
    """The form shows what is stored: saved untouched, nothing changes."""
    members = [SalesFactory(), SalesFactory()]
    if model == "assignmentrule":
        obj = AssignmentRule.objects.create(
            name="Asia",
            countries=["86", "852"],
            sources=["search"],
            weekdays=[0, 2, 6],
            start_time=datetime.time(9),
        )
        obj.members.set(members)
    else:
        obj = SalesProfile.objects.create(
            user=members[0], mobile="+86 138 0013 8000", digest_hour=7
        )
    url = reverse(f"admin:leads_{model}_change", args=[obj.pk])
    html = sales_client.get(url).content.decode()
    data = as_post(form_data(html, f"{model}_form"))
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    response = sales_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    after = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    assert after == before


def test_a_new_rule_works_monday_to_friday_unless_changed(sales_client):
    html = sales_client.get(reverse("admin:leads_assignmentrule_add")).content.decode()
    ticked = re.findall(r'value="(\d)" id="id_weekdays_\d" checked', html)
    assert ticked == ["0", "1", "2", "3", "4"]
