"""Value and forecast: probability resolution, the weighted forecast, won revenue,
stage-to-stage conversion, and the stage probabilities a manager sets."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from leads import pipeline, reports_pipeline, services
from leads.models import Lead, LeadActivity, StageProbability
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    LeadFactory,
    LostReasonFactory,
    SalesFactory,
)

pytestmark = pytest.mark.django_db


def test_probability_is_the_leads_own_else_its_stages_else_the_default():
    lead = LeadFactory(status="qualified")
    assert pipeline.lead_probability(lead=lead) == 40  # the default
    StageProbability.objects.create(stage="qualified", probability=55)
    assert pipeline.lead_probability(lead=lead) == 55  # the manager's
    lead.probability = 90
    assert pipeline.lead_probability(lead=lead) == 90  # the lead's own
    lead.probability = 0
    assert pipeline.lead_probability(lead=lead) == 0  # zero is an answer, not empty


def test_weighted_value_in_python_and_in_sql_agree():
    StageProbability.objects.create(stage="proposal", probability=50)
    a = LeadFactory(status="proposal", estimated_value=Decimal("10000"))
    b = LeadFactory(status="new", estimated_value=Decimal("2000"), probability=75)
    c = LeadFactory(status="new")
    assert pipeline.lead_weighted_value(lead=a) == Decimal("5000")
    assert pipeline.lead_weighted_value(lead=b) == Decimal("1500")
    assert pipeline.lead_weighted_value(lead=c) == 0
    rows = dict(
        Lead.objects.annotate(w=pipeline.weighted_value_expression()).values_list(
            "pk", "w"
        )
    )
    assert rows[a.pk] == Decimal("5000") and rows[b.pk] == Decimal("1500")
    assert rows[c.pk] is None


def test_weighted_forecast_by_month_of_expected_close():
    today = datetime.date(2030, 5, 20)
    june = datetime.date(2030, 6, 10)
    LeadFactory(status="proposal", estimated_value=Decimal(10000), expected_close=june)
    LeadFactory(
        status="new", estimated_value=Decimal(1000), probability=50, expected_close=june
    )
    LeadFactory(
        status="qualified",
        estimated_value=Decimal(5000),
        expected_close=datetime.date(2030, 5, 31),
    )
    # Overdue, undated, won, spam and merged leads: not in the months.
    LeadFactory(
        status="new",
        estimated_value=Decimal(3000),
        expected_close=datetime.date(2030, 1, 2),
    )
    LeadFactory(status="new", estimated_value=Decimal(4000))
    LeadFactory(status="won", estimated_value=Decimal(9999), expected_close=june)
    LeadFactory(
        status="new", is_spam=True, estimated_value=Decimal(9999), expected_close=june
    )
    LeadFactory(
        status="new",
        merged_into=LeadFactory(),
        estimated_value=Decimal(9999),
        expected_close=june,
    )
    forecast = reports_pipeline.weighted_forecast(today=today)
    months = {row["month"]: row for row in forecast["months"]}
    assert list(months)[:2] == [datetime.date(2030, 5, 1), datetime.date(2030, 6, 1)]
    assert len(months) == 6
    assert months[datetime.date(2030, 5, 1)]["weighted"] == Decimal(2000)
    assert months[datetime.date(2030, 6, 1)]["weighted"] == Decimal(6500)
    assert months[datetime.date(2030, 6, 1)]["value"] == Decimal(11000)
    assert months[datetime.date(2030, 6, 1)]["count"] == 2
    assert forecast["overdue"]["weighted"] == Decimal(300)
    assert forecast["undated"]["weighted"] == Decimal(400)
    assert forecast["total"] == Decimal(8500)


def test_won_revenue_by_source_and_by_content():
    article = ArticleFactory(title="Mini programs for gyms")
    LeadFactory(status="won", source="search", estimated_value=Decimal(30000))
    LeadFactory(
        status="won", source="search", estimated_value=Decimal(20000), article=article
    )
    LeadFactory(
        status="won",
        source="social",
        estimated_value=Decimal(5000),
        placement=Lead.Placement.SERVICE_PAGE,
        page_url="/services/mini-program/",
    )
    LeadFactory(status="proposal", source="social", estimated_value=Decimal(99999))
    LeadFactory(status="won", is_spam=True, estimated_value=Decimal(99999))
    by_source = reports_pipeline.won_by_source(90)
    assert [(r["source"], r["revenue"], r["count"]) for r in by_source["rows"]] == [
        ("Search engine", Decimal(50000), 2),
        ("Social media", Decimal(5000), 1),
    ]
    assert by_source["total"] == Decimal(55000)
    content = reports_pipeline.won_by_content(90)
    assert [(r["article"], r["revenue"]) for r in content["articles"]] == [
        (article, Decimal(20000))
    ]
    assert [(r["url"], r["revenue"]) for r in content["pages"]] == [
        ("/services/mini-program/", Decimal(5000))
    ]


def climb(lead, user, *stages, reason=None):
    for stage in stages:
        services.lead_set_status(
            lead=lead,
            status=stage,
            user=user,
            lost_reason=reason if stage == "lost" else None,
        )


def test_stage_conversion_from_the_timeline():
    user = SalesFactory()
    reason = LostReasonFactory()
    # Ten leads: 4 stay new; 6 contacted; of them 3 qualified (one lost after);
    # 2 proposals; 1 won; one jumps from new straight to won (skipping stages).
    LeadFactory.create_batch(4)
    contacted = LeadFactory.create_batch(6)
    for lead in contacted:
        climb(lead, user, "contacted")
    climb(contacted[0], user, "qualified", "proposal", "won")
    climb(contacted[1], user, "qualified", "proposal", "lost", reason=reason)
    with translation.override("zh-hans"):  # written in Chinese by another salesperson
        climb(contacted[2], user, "qualified", "lost", reason=reason)
    jumper = LeadFactory()
    climb(jumper, user, "won")
    LeadFactory(status="won", is_spam=True)
    conversion = reports_pipeline.stage_conversion(90)
    steps = {s["status"]: s for s in conversion["steps"]}
    assert conversion["total"] == 11
    assert (steps["new"]["reached"], steps["new"]["next_reached"]) == (11, 7)
    assert steps["contacted"]["reached"] == 7
    assert steps["qualified"]["reached"] == 4  # three climbed, the jumper passed
    assert steps["proposal"]["reached"] == 3
    assert steps["proposal"]["next_reached"] == 2
    assert steps["proposal"]["percent"] == 67
    assert conversion["won"] == 2
    # The Chinese timeline counted: that lead is lost now, qualified only in Chinese.
    with translation.override("zh-hans"):
        chinese = str(Lead.Status.QUALIFIED.label)
    assert chinese != "Qualified"
    assert LeadActivity.objects.filter(lead=contacted[2], new_value=chinese).exists()


def test_the_dashboard_shows_forecast_won_revenue_and_conversion(sales_client):
    close = timezone.localdate() + datetime.timedelta(days=1)
    LeadFactory(status="proposal", estimated_value=Decimal(10000), expected_close=close)
    LeadFactory(status="won", source="search", estimated_value=Decimal(42000))
    html = sales_client.get(reverse("admin:leads_lead_dashboard")).content.decode()
    assert "Weighted forecast by month of expected close" in html
    assert "6,000 CNY" in html  # 10,000 × the proposal's 60%
    assert "42,000 CNY" in html
    assert "Stage-to-stage conversion" in html
    assert "the share that reached the next" in html


def test_stage_probabilities_list_shows_all_six_stages_and_saves(sales_client):
    url = reverse("admin:leads_stageprobability_changelist")
    html = sales_client.get(url).content.decode()
    assert StageProbability.objects.count() == 6
    for label in ("New", "Contacted", "Qualified", "Proposal sent", "Won", "Lost"):
        assert label in html
    rows = list(StageProbability.objects.order_by("probability", "stage"))
    data = {
        "form-TOTAL_FORMS": "6",
        "form-INITIAL_FORMS": "6",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = row.pk
        data[f"form-{i}-probability"] = (
            70 if row.stage == "proposal" else row.probability
        )
    response = sales_client.post(url, data)
    assert response.status_code == 302
    assert pipeline.stage_probabilities()["proposal"] == 70
    data["form-0-probability"] = 150
    response = sales_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error


def test_editors_get_403_on_stage_probabilities(client):
    client.force_login(EditorFactory())
    url = reverse("admin:leads_stageprobability_changelist")
    assert client.get(url).status_code == 403


def test_a_stage_probability_opens_and_saves_from_its_page(sales_client):
    pipeline.stage_probabilities_ensure()
    row = StageProbability.objects.get(stage="qualified")
    url = reverse("admin:leads_stageprobability_change", args=[row.pk])
    page = sales_client.get(url)
    assert page.status_code == 200 and "Qualified" in page.content.decode()
    response = sales_client.post(url, {"probability": "45", "_save": "Save"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.stage, row.probability) == ("qualified", 45)
    add = reverse("admin:leads_stageprobability_add")
    assert sales_client.get(add).status_code == 403  # every stage has its row
