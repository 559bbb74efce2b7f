"""The pipeline as money: a lead's probability and weighted value, and the board's reads.

A lead's probability is its own when sales set one, else its stage's (a manager sets
them in StageProbability; a stage without a row has StageProbability.DEFAULTS). The
board shows genuine, unmerged, unerased leads by stage: open stages in full, won and
lost only for the last CLOSED_DAYS (a million leads' history is not a column). Per
column the count and value total cover every matching lead (one grouped query), the
cards one page at a time, newest change first.

Counting a million leads' open stages takes a tenth of a second, so the page keeps its
totals (`board_totals_kept`) for TOTALS_SECONDS and until a lead is saved (a receiver in
LeadsConfig.ready retires them, and the dashboard's figures with them); a change made
without a save (a bulk update: an assignment, an erasure) shows within TOTALS_SECONDS.
A move answers with fresh totals.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from agency.core.fragments import kept

from .models import Lead, StageProbability

PAGE_SIZE = 20
MAX_SHOWN = 500
CLOSED_DAYS = 30
TOTALS_SECONDS = 30
VERSION_KEY = "leads:board:version"
# What a lead's column, totals or filters depend on: a save of other fields keeps them.
BOARD_FIELDS = frozenset(
    {
        "status",
        "estimated_value",
        "owner",
        "source",
        "service",
        "language",
        "is_spam",
        "merged_into",
        "erased_at",
        "created_at",
        "updated_at",
    }
)
STAGES = [status.value for status in Lead.Status]


def stage_probabilities() -> dict[str, int]:
    """Each stage's probability: the manager's rows over the defaults."""
    probabilities = dict(StageProbability.DEFAULTS)
    probabilities.update(StageProbability.objects.values_list("stage", "probability"))
    return probabilities


def stage_probabilities_ensure() -> None:
    """Give every stage a row (with its default), so a manager sees all six to set."""
    StageProbability.objects.bulk_create(
        [
            StageProbability(stage=stage, probability=probability)
            for stage, probability in StageProbability.DEFAULTS.items()
        ],
        ignore_conflicts=True,
    )


def lead_probability(*, lead: Lead, probabilities: dict[str, int] | None = None) -> int:
    """The lead's own probability, else its stage's."""
    if lead.probability is not None:
        return lead.probability
    probabilities = (
        probabilities if probabilities is not None else stage_probabilities()
    )
    return probabilities.get(lead.status, 0)


def lead_weighted_value(
    *, lead: Lead, probabilities: dict[str, int] | None = None
) -> Decimal:
    """Expected value × probability: what the lead is worth to the forecast."""
    if lead.estimated_value is None:
        return Decimal(0)
    probability = lead_probability(lead=lead, probabilities=probabilities)
    return lead.estimated_value * probability / 100


def probability_expression(probabilities: dict[str, int] | None = None):
    """The same resolution in SQL: Coalesce(own, the stage's)."""
    probabilities = (
        probabilities if probabilities is not None else stage_probabilities()
    )
    return Coalesce(
        "probability",
        Case(
            *[When(status=s, then=Value(p)) for s, p in probabilities.items()],
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def weighted_value_expression(probabilities: dict[str, int] | None = None):
    return ExpressionWrapper(
        F("estimated_value") * probability_expression(probabilities) / Value(100),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def pipeline_leads() -> QuerySet:
    """The leads the pipeline is made of: genuine, not merged into another, not erased."""
    return Lead.objects.genuine().filter(
        merged_into__isnull=True, erased_at__isnull=True
    )


@dataclass(frozen=True)
class BoardFilters:
    """What the board is narrowed to; None is "any"."""

    owner_id: int | None = None
    unowned: bool = False
    source: str | None = None
    service_id: int | None = None
    language: str | None = None
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None


def _filtered(leads: QuerySet, filters: BoardFilters) -> QuerySet:
    if filters.unowned:
        leads = leads.filter(owner__isnull=True)
    elif filters.owner_id is not None:
        leads = leads.filter(owner_id=filters.owner_id)
    if filters.source:
        leads = leads.filter(source=filters.source)
    if filters.service_id is not None:
        leads = leads.filter(service_id=filters.service_id)
    if filters.language:
        leads = leads.filter(language=filters.language)
    if filters.created_from:
        leads = leads.filter(created_at__date__gte=filters.created_from)
    if filters.created_to:
        leads = leads.filter(created_at__date__lte=filters.created_to)
    return leads


def board_open_leads(*, filters: BoardFilters) -> QuerySet:
    return _filtered(
        pipeline_leads().filter(status__in=Lead.Status.open_values()), filters
    )


def board_closed_leads(*, filters: BoardFilters, now=None) -> QuerySet:
    """Won and lost in the last CLOSED_DAYS (their last change, as a close date)."""
    closed_since = (now or timezone.now()) - datetime.timedelta(days=CLOSED_DAYS)
    return _filtered(
        pipeline_leads().filter(
            status__in=[Lead.Status.WON, Lead.Status.LOST],
            updated_at__gte=closed_since,
        ),
        filters,
    )


def board_leads(*, filters: BoardFilters, now=None) -> QuerySet:
    """The board's leads: open ones, and those won or lost in the last CLOSED_DAYS."""
    return board_open_leads(filters=filters) | board_closed_leads(
        filters=filters, now=now
    )


@dataclass
class Column:
    status: str
    label: str
    count: int = 0
    total: Decimal = Decimal(0)
    cards: list = field(default_factory=list)
    shown: int = PAGE_SIZE

    @property
    def more(self) -> bool:
        return len(self.cards) < self.count and self.shown < MAX_SHOWN


def board_totals(*, filters: BoardFilters, now=None) -> dict[str, dict]:
    """Per stage: how many leads and their expected value.

    One grouped query for the open stages and one for the recently closed: apart, each
    reads only the partial board index (migration 0012); joined by OR, PostgreSQL
    reads the table.
    """
    totals = {stage: {"count": 0, "total": Decimal(0)} for stage in STAGES}
    rows = [
        row
        for leads in (
            board_open_leads(filters=filters),
            board_closed_leads(filters=filters, now=now),
        )
        for row in leads.order_by()
        .values("status")
        .annotate(n=Count("id"), total=Sum("estimated_value"))
    ]
    for row in rows:
        totals[row["status"]] = {"count": row["n"], "total": row["total"] or 0}
    return totals


def leads_version() -> int:
    """Raised whenever a lead is saved: what keeps lead figures (the board's totals, the
    dashboard's) varies by it."""
    return cache.get(VERSION_KEY, 0)


def board_retire() -> None:
    """Retire the kept board totals and dashboard figures: a lead was saved."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(VERSION_KEY, 1, None)


def board_totals_kept(*, filters: BoardFilters) -> dict[str, dict]:
    """board_totals, kept TOTALS_SECONDS and until a lead is saved."""
    return kept(
        "leads-board-totals",
        lambda: board_totals(filters=filters),
        vary=(leads_version(), filters),
        timeout=TOTALS_SECONDS,
    )


def board_columns(
    *, filters: BoardFilters, shown: dict[str, int] | None = None
) -> list[Column]:
    """The six columns with their totals and a page of cards (more when asked)."""
    shown = shown or {}
    probabilities = stage_probabilities()
    totals = board_totals_kept(filters=filters)
    # What a card shows: a card reads a handful of a lead's many columns.
    card_fields = [
        "id",
        "name",
        "company",
        "erased_at",
        "status",
        "estimated_value",
        "probability",
        "expected_close",
        "updated_at",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
    ]
    open_leads = board_open_leads(filters=filters)
    closed = board_closed_leads(filters=filters)
    columns, pages = [], []
    for status in Lead.Status:
        limit = min(max(shown.get(status.value, PAGE_SIZE), PAGE_SIZE), MAX_SHOWN)
        column = Column(
            status=status.value,
            label=status.label,
            count=totals[status.value]["count"],
            total=totals[status.value]["total"],
            shown=limit,
        )
        if column.count:
            leads = open_leads if status.value in Lead.Status.open_values() else closed
            pages.append(
                leads.filter(status=status.value)
                .select_related("owner")
                .only(*card_fields)
                .order_by("-updated_at", "-id")[:limit]
            )
        columns.append(column)
    # Every column's page in one round trip (UNION ALL of the per-stage queries, each
    # reading its own stage of the board index).
    if pages:
        cards = pages[0].union(*pages[1:], all=True) if len(pages) > 1 else pages[0]
        by_status = {}
        for lead in cards:
            lead.resolved_probability = lead_probability(
                lead=lead, probabilities=probabilities
            )
            by_status.setdefault(lead.status, []).append(lead)
        for column in columns:
            column.cards = sorted(
                by_status.get(column.status, []),
                key=lambda lead: (lead.updated_at, lead.id),
                reverse=True,
            )
    return columns
