"""The dashboard's money figures: the weighted forecast, won revenue, stage conversion.

Drawn on the server as tables with bars, like leads.reports. Every figure is over the
pipeline's leads (genuine, not merged, not erased: leads.pipeline).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone, translation

from .models import Lead, LeadActivity
from .pipeline import pipeline_leads, stage_probabilities, weighted_value_expression
from .reports import leads_by_content

FORECAST_MONTHS = 6
# The stages in the order a lead climbs them; lost is off the ladder.
LADDER = [
    Lead.Status.NEW,
    Lead.Status.CONTACTED,
    Lead.Status.QUALIFIED,
    Lead.Status.PROPOSAL,
    Lead.Status.WON,
]


def _width(value, peak):
    return round(100 * value / peak) if peak else 0


def weighted_forecast(*, today=None, months=FORECAST_MONTHS) -> dict:
    """Open leads' value × probability, by month of expected close.

    Months before this one are summed as overdue (their close date has passed while the
    lead is still open); leads without a close date are a row of their own.
    """
    today = today or timezone.localdate()
    first = today.replace(day=1)
    weighted = weighted_value_expression(stage_probabilities())
    leads = pipeline_leads().open().filter(estimated_value__isnull=False)
    rows = (
        leads.filter(expected_close__isnull=False)
        .annotate(month=TruncMonth("expected_close"))
        .values("month")
        .annotate(weighted=Sum(weighted), value=Sum("estimated_value"), n=Count("id"))
        .order_by("month")
    )
    by_month = {}
    overdue = {"weighted": Decimal(0), "value": Decimal(0), "count": 0}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        if month < first:
            overdue["weighted"] += row["weighted"] or 0
            overdue["value"] += row["value"] or 0
            overdue["count"] += row["n"]
        else:
            by_month[month] = row
    month_starts = []
    month = first
    for _i in range(months):
        month_starts.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    later = {"weighted": Decimal(0), "value": Decimal(0), "count": 0}
    for start, row in by_month.items():
        if start not in month_starts:
            later["weighted"] += row["weighted"] or 0
            later["value"] += row["value"] or 0
            later["count"] += row["n"]
    undated = leads.filter(expected_close__isnull=True).aggregate(
        weighted=Sum(weighted), value=Sum("estimated_value"), n=Count("id")
    )
    result = []
    for start in month_starts:
        row = by_month.get(start, {})
        result.append(
            {
                "month": start,
                "weighted": row.get("weighted") or Decimal(0),
                "value": row.get("value") or Decimal(0),
                "count": row.get("n", 0),
            }
        )
    peak = max([r["weighted"] for r in result] + [overdue["weighted"], 1])
    for row in result:
        row["width"] = _width(row["weighted"], peak)
    return {
        "months": result,
        "overdue": {**overdue, "width": _width(overdue["weighted"], peak)},
        "later": later,
        "undated": {
            "weighted": undated["weighted"] or Decimal(0),
            "value": undated["value"] or Decimal(0),
            "count": undated["n"],
        },
        "total": sum((r["weighted"] for r in result), Decimal(0)),
        "currency": settings.AGENCY_CURRENCY,
    }


def _won(days):
    since = timezone.now() - datetime.timedelta(days=days)
    return pipeline_leads().filter(status=Lead.Status.WON, created_at__gte=since)


def won_by_source(days) -> dict:
    """Won revenue (expected value of won leads) per source, of the period's leads."""
    rows = (
        _won(days)
        .values("source")
        .annotate(revenue=Sum("estimated_value"), n=Count("id"))
        .order_by("-revenue")
    )
    rows = [
        {
            "source": Lead.Source(row["source"]).label,
            "revenue": row["revenue"] or Decimal(0),
            "count": row["n"],
        }
        for row in rows
    ]
    peak = max([r["revenue"] for r in rows] + [1])
    for row in rows:
        row["width"] = _width(row["revenue"], peak)
    return {
        "rows": rows,
        "total": sum((r["revenue"] for r in rows), Decimal(0)),
        "currency": settings.AGENCY_CURRENCY,
    }


def won_by_content(days, limit=10) -> dict:
    """Won revenue per article and per page whose form produced the lead (as the
    dashboard's "content that sells" attributes leads)."""
    content = leads_by_content(
        _won(days), limit=limit, revenue=Sum("estimated_value"), count=Count("id")
    )
    for row in (*content["articles"], *content["pages"]):
        row["revenue"] = row["revenue"] or Decimal(0)
    return {**content, "currency": settings.AGENCY_CURRENCY}


def _status_labels(stages) -> list[str]:
    """How the timeline wrote these stages: the label in the language of whoever moved
    the lead (leads.activities), so in every language of the site."""
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.update(str(Lead.Status(stage).label) for stage in stages)
    return sorted(labels)


def stage_conversion(days) -> dict:
    """Of the period's leads that reached a stage, the share that reached the next.

    A lead reached a stage if a "status changed" timeline entry moved it there, if it
    is there now, or if it reached a later stage (a skipped stage was passed). Lost is
    off the ladder: a lead lost at Qualified reached New, Contacted and Qualified.
    """
    since = timezone.now() - datetime.timedelta(days=days)
    # The highest rung the timeline moved each lead to: one join, grouped by lead.
    rank = Case(
        *[
            When(
                activities__kind=LeadActivity.Kind.STATUS,
                activities__new_value__in=_status_labels([stage]),
                then=Value(index),
            )
            for index, stage in enumerate(LADDER)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    leads = (
        pipeline_leads()
        .filter(created_at__gte=since)
        .annotate(highest=Coalesce(Max(rank), Value(-1)))
    )
    aggregates = {}
    for index, stage in enumerate(LADDER):
        aggregates[stage.value] = (
            Count("id")
            if index == 0  # every lead was new once
            else Count(
                "id",
                filter=Q(status__in=LADDER[index:]) | Q(highest__gte=index),
            )
        )
    reached = leads.aggregate(**aggregates)
    steps = []
    for index, stage in enumerate(LADDER):
        count = reached[stage.value]
        step = {"status": stage.value, "label": stage.label, "reached": count}
        if index + 1 < len(LADDER):
            following = reached[LADDER[index + 1].value]
            step["next_label"] = LADDER[index + 1].label
            step["next_reached"] = following
            step["percent"] = round(100 * following / count) if count else None
        steps.append(step)
    return {"steps": steps[:-1], "won": steps[-1]["reached"], "total": reached["new"]}
