"""The dashboard's first response: median and P90 per owner and per source, in working
minutes, and the leads per band of response time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from leads.reports_response import first_response, percentile
from tests.factories import LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:leads_lead_dashboard"


@pytest.fixture(autouse=True)
def _working_week(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    settings.AGENCY_LEADS_WORKING_DAYS = [0, 1, 2, 3, 4]
    settings.AGENCY_LEADS_WORKING_HOURS = ("09:00", "18:00")


def last_monday_at_ten():
    """10:00 on a Monday of last week: inside the 30 days, and in working hours."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))


@pytest.fixture
def answered():
    """Ann answered in 3, 10, 20 and 40 minutes (all from search), Bo in 12 (a
    campaign) and 90 (search); one of Bo's leads and an unowned one wait."""
    ann = SalesFactory(first_name="Ann", last_name="An")
    bo = SalesFactory(first_name="Bo", last_name="Bai")
    start = last_monday_at_ten()

    def lead(owner, minutes, source=Lead.Source.SEARCH, **fields):
        return LeadFactory(
            owner=owner,
            source=source,
            created_at=start,
            first_attempt_at=(
                None if minutes is None else start + datetime.timedelta(minutes=minutes)
            ),
            **fields,
        )

    for minutes in (3, 10, 20, 40):
        lead(ann, minutes)
    lead(bo, 12, Lead.Source.CAMPAIGN)
    lead(bo, 90)
    lead(bo, None)
    lead(None, None, Lead.Source.DIRECT)
    # Not counted: spam, and a lead from before the period.
    lead(ann, 1, is_spam=True)
    LeadFactory(
        owner=ann,
        created_at=start - datetime.timedelta(days=40),
        first_attempt_at=start
        - datetime.timedelta(days=40)
        + datetime.timedelta(hours=1),
    )
    return ann, bo


def test_percentiles_interpolate_as_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([3, 10, 20, 40], 0.5) == 15
    assert percentile([3, 10, 20, 40], 0.9) == pytest.approx(34)


def test_median_and_p90_per_owner_and_source(answered):
    figures = first_response(30)
    by_owner = {row["label"]: row for row in figures["by_owner"]}
    assert by_owner["Ann An"] == {
        "label": "Ann An",
        "answered": 4,
        "unanswered": 0,
        "median": 15,
        "p90": 34,
    }
    assert by_owner["Bo Bai"] == {
        "label": "Bo Bai",
        "answered": 2,
        "unanswered": 1,
        "median": 51,
        "p90": 82,
    }
    assert by_owner["No owner"]["unanswered"] == 1
    assert by_owner["No owner"]["median"] is None
    # Slowest first: where to look.
    assert [row["label"] for row in figures["by_owner"]][:2] == ["Bo Bai", "Ann An"]

    by_source = {str(row["label"]): row for row in figures["by_source"]}
    assert (
        by_source["Search engine"]["median"],
        by_source["Search engine"]["p90"],
    ) == (
        20,
        70,
    )
    assert (by_source["Campaign"]["median"], by_source["Campaign"]["p90"]) == (12, 12)
    assert figures["overall"]["median"] == 16
    assert figures["overall"]["p90"] == 65


def test_leads_per_band(answered):
    bands = {str(row["label"]): row["count"] for row in first_response(30)["bands"]}
    assert bands == {
        "0–5 min": 1,
        "5–15 min": 2,
        "15–60 min": 2,
        "60 min or more": 1,
        "Not yet answered": 2,
    }


def test_time_outside_working_hours_is_not_counted():
    friday = last_monday_at_ten() + datetime.timedelta(days=4, hours=7, minutes=50)
    LeadFactory(
        created_at=friday,  # 17:50 on Friday, called at 09:05 on Monday
        first_attempt_at=friday + datetime.timedelta(days=2, hours=15, minutes=15),
    )
    assert first_response(30)["overall"]["median"] == 15


def test_sales_see_the_section(sales_client, answered):
    response = sales_client.get(reverse(DASHBOARD), {"days": 30})
    assert response.status_code == 200
    html = response.content.decode()
    assert "First response" in html
    assert "Median <strong>16 min</strong>, 90% within <strong>65 min</strong>" in html
    # The chart is a table: each band says its label and count in words.
    assert '<th scope="row">60 min or more</th>' in html
    assert '<th scope="row">Not yet answered</th>' in html
    assert "Ann An" in html and "Bo Bai" in html
    assert "82 min" in html


def test_an_empty_period_says_so(sales_client):
    html = sales_client.get(reverse(DASHBOARD)).content.decode()
    assert "No lead of this period has been answered yet." in html


def test_editors_get_403(editor_client):
    assert editor_client.get(reverse(DASHBOARD)).status_code == 403
