"""The figures of the sales dashboard, ready to draw: no third-party charting."""

import datetime
from urllib.parse import unquote

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext

from agency.core.translation import url_in

from .models import Lead

SOURCE_COLOURS = {
    Lead.Source.DIRECT: "#64748b",
    Lead.Source.SEARCH: "#1249d6",
    Lead.Source.SOCIAL: "#db2777",
    Lead.Source.REFERRAL: "#0d9488",
    Lead.Source.CAMPAIGN: "#ff7a1a",
    Lead.Source.EMAIL: "#7c3aed",
    Lead.Source.MANUAL: "#a16207",
}
CHART_HEIGHT = 180
BAR_WIDTH = 28
BAR_GAP = 14


def period_leads(days):
    since = timezone.now() - datetime.timedelta(days=days)
    return Lead.objects.genuine().filter(created_at__gte=since)


def quarantined_leads(days):
    """The period's leads kept as spam only for an address's limit (see the digest)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return Lead.objects.quarantined().filter(created_at__gte=since)


def weekly_by_source(weeks=12):
    """Leads per week, stacked by source, as bars with SVG coordinates."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Lead.objects.genuine()
        .filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "source")
        .annotate(n=Count("id"))
    )
    counts = {}
    for row in rows:
        week = (
            timezone.localtime(row["week"]).date()
            if isinstance(row["week"], datetime.datetime)
            else row["week"]
        )
        counts.setdefault(week, {})[row["source"]] = row["n"]
    totals = [
        sum(counts.get(first + datetime.timedelta(weeks=i), {}).values())
        for i in range(weeks)
    ]
    peak = max(totals + [1])
    bars = []
    for i in range(weeks):
        week = first + datetime.timedelta(weeks=i)
        y = CHART_HEIGHT
        segments = []
        for source in Lead.Source:
            n = counts.get(week, {}).get(source.value, 0)
            if not n:
                continue
            height = n * CHART_HEIGHT / peak
            y -= height
            segments.append(
                {
                    "label": source.label,
                    "count": n,
                    "y": round(y, 1),
                    "height": round(height, 1),
                    "colour": SOURCE_COLOURS[source],
                }
            )
        bars.append(
            {
                "week": week,
                "total": totals[i],
                "x": i * (BAR_WIDTH + BAR_GAP) + BAR_GAP,
                "segments": segments,
            }
        )
    return {
        "bars": bars,
        "peak": peak,
        "width": weeks * (BAR_WIDTH + BAR_GAP) + BAR_GAP,
        "height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "legend": [(s.label, SOURCE_COLOURS[s]) for s in Lead.Source],
    }


def funnel(days):
    """How many of the period's leads are at each status, as shares of all of them."""
    counts = dict(
        period_leads(days).values_list("status").annotate(n=Count("id")).order_by()
    )
    total = sum(counts.values())
    return {
        "total": total,
        "steps": [
            {
                "status": status.value,
                "label": status.label,
                "count": counts.get(status.value, 0),
                "percent": round(100 * counts.get(status.value, 0) / total)
                if total
                else 0,
            }
            for status in Lead.Status
        ],
    }


def conversion_by_service(days):
    """Per service: leads, won, lost, open and the win rate of the decided ones."""
    rows = (
        period_leads(days)
        .values("service__name")
        .annotate(
            total=Count("id"),
            won=Count("id", filter=Q(status=Lead.Status.WON)),
            lost=Count("id", filter=Q(status=Lead.Status.LOST)),
        )
        .order_by("-total")
    )
    result = []
    for row in rows:
        decided = row["won"] + row["lost"]
        result.append(
            {
                "service": row["service__name"],
                "total": row["total"],
                "won": row["won"],
                "lost": row["lost"],
                "open": row["total"] - decided,
                "win_rate": round(100 * row["won"] / decided) if decided else None,
            }
        )
    return result


def content_that_sells(days, limit=10):
    """The articles and pages whose forms produced the most leads, and the wins."""
    return leads_by_content(
        period_leads(days),
        limit=limit,
        count=Count("id"),
        won=Count("id", filter=Q(status=Lead.Status.WON)),
    )


def landing_pages_that_sell(days, limit=10):
    """The landing pages, by the version a lead saw, whose forms produced the period's
    leads, and the wins: the campaign side of the attribution."""
    rows = (
        period_leads(days)
        .filter(landing_page__isnull=False)
        .values(
            "landing_page__title",
            "landing_page__slug",
            "landing_page__language",
            "landing_variant__name",
        )
        .annotate(count=Count("id"), won=Count("id", filter=Q(status=Lead.Status.WON)))
        .order_by("-count", "landing_page__title")[:limit]
    )
    return [
        {
            "label": row["landing_page__title"],
            "url": url_in(
                row["landing_page__language"],
                "services:landing_page",
                slug=row["landing_page__slug"],
            ),
            "detail": row["landing_variant__name"] or gettext("Original"),
            "count": row["count"],
            "won": row["won"],
        }
        for row in rows
    ]


def leads_by_content(leads, *, limit, **figures):
    """`figures` (aggregates; the first orders) of `leads` per article and per page
    whose form produced them: the attribution the dashboard reads both ways (leads,
    won revenue)."""
    order = f"-{next(iter(figures))}"
    article_rows = list(
        leads.filter(article__isnull=False)
        .values("article_id")
        .annotate(**figures)
        .order_by(order)[:limit]
    )
    articles = {}
    if article_rows:
        article_model = apps.get_model("articles", "Article")
        articles = article_model._default_manager.in_bulk(
            [row["article_id"] for row in article_rows]
        )
    page_rows = (
        leads.exclude(placement__in=[Lead.Placement.CONTACT_PAGE, Lead.Placement.NONE])
        .exclude(page_url="")
        .values("page_url", "placement")
        .annotate(**figures)
        .order_by(order)[:limit]
    )
    return {
        "articles": [
            {
                "article": articles.get(row["article_id"]),
                **{name: row[name] for name in figures},
            }
            for row in article_rows
        ],
        "pages": [
            {
                "url": row["page_url"],
                # A Chinese slug is stored percent-encoded: shown as it reads.
                "label": unquote(row["page_url"]),
                "detail": Lead.Placement(row["placement"]).label,
                **{name: row[name] for name in figures},
            }
            for row in page_rows
        ],
    }
