"""Speed to lead: the first-response clock, counted in the sales team's working hours.

`AGENCY_LEADS_WORKING_DAYS` and `AGENCY_LEADS_WORKING_HOURS` say when the team works
(the site's time zone); `AGENCY_LEADS_FIRST_RESPONSE_MINUTES` of that time after a lead
arrives, it is due (`response_due_at`).

`response_state` says where a lead stands for sales (due in, overdue by, answered in N
working minutes; the list's "first response" column and filter). The
`lead_response_escalation` job escalates each breached lead once: `escalated_at`, a
timeline entry and `Event.BREACH` to the channels that announce it, in one transaction.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from agency.core.tasks import every_minute_job

from . import outbox
from .models import Event, Lead, LeadActivity


def _working_hours():
    start, end = settings.AGENCY_LEADS_WORKING_HOURS
    return datetime.time.fromisoformat(start), datetime.time.fromisoformat(end)


def _day_bounds(day):
    start, end = _working_hours()
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, start), zone),
        timezone.make_aware(datetime.datetime.combine(day, end), zone),
    )


def _working_periods(moment):
    """The working periods (start, end) from `moment` on, the first one cut at it."""
    day = timezone.localtime(moment).date()
    days = settings.AGENCY_LEADS_WORKING_DAYS
    for _ in range(370 * 2):
        if day.weekday() in days:
            start, end = _day_bounds(day)
            if end > moment:
                yield max(start, moment), end
        day += datetime.timedelta(days=1)
    raise ValueError("No working hours in AGENCY_LEADS_WORKING_DAYS/HOURS.")


def working_deadline(start, minutes=None):
    """The moment `minutes` of working time after `start` (default: the target)."""
    if minutes is None:
        minutes = settings.AGENCY_LEADS_FIRST_RESPONSE_MINUTES
    remaining = datetime.timedelta(minutes=minutes)
    for period_start, period_end in _working_periods(start):
        if period_start + remaining <= period_end:
            return period_start + remaining
        remaining -= period_end - period_start
    raise AssertionError("unreachable")


def working_minutes(start, end):
    """Minutes of working time between `start` and `end` (0 if end is not later)."""
    if end <= start:
        return 0.0
    total = datetime.timedelta()
    for period_start, period_end in _working_periods(start):
        if period_start >= end:
            break
        total += min(period_end, end) - period_start
    return total.total_seconds() / 60


# --- A lead's first response, as sales see it ------------------------------------------


class ResponseState:
    """Where a lead's first response stands: "due", "overdue" or "answered", with the
    working minutes left, past the target, or taken (shown in the list, filtered on)."""

    DUE = "due"
    OVERDUE = "overdue"
    ANSWERED = "answered"

    def __init__(self, state, minutes):
        self.state = state
        self.minutes = round(minutes)

    def __eq__(self, other):
        return (self.state, self.minutes) == (other.state, other.minutes)

    def __repr__(self):
        return f"ResponseState({self.state!r}, {self.minutes})"

    @property
    def label(self):
        values = {"n": self.minutes}
        if self.state == self.DUE:
            return (
                ngettext("due in %(n)d min", "due in %(n)d min", self.minutes) % values
            )
        if self.state == self.OVERDUE:
            return (
                ngettext("overdue by %(n)d min", "overdue by %(n)d min", self.minutes)
                % values
            )
        return (
            ngettext("answered in %(n)d min", "answered in %(n)d min", self.minutes)
            % values
        )


def response_state(lead, *, now=None) -> ResponseState | None:
    """The lead's first-response state; None for spam and for a lead with no clock (one
    from before the target existed, or closed without an attempt).

    Minutes are working minutes, as the target is: a lead sent on Friday evening is not
    "overdue by 3000 min" on Monday morning.
    """
    if lead.is_spam:
        return None
    if lead.first_attempt_at is not None:
        return ResponseState(
            ResponseState.ANSWERED,
            working_minutes(lead.created_at, lead.first_attempt_at),
        )
    if lead.response_due_at is None or not lead.is_open:
        return None
    now = now or timezone.now()
    if now < lead.response_due_at:
        return ResponseState(
            ResponseState.DUE, working_minutes(now, lead.response_due_at)
        )
    return ResponseState(
        ResponseState.OVERDUE, working_minutes(lead.response_due_at, now)
    )


def leads_in_response_state(queryset, state, *, now=None):
    """`queryset` narrowed to the leads whose first response is `state` (as above)."""
    now = now or timezone.now()
    waiting = queryset.genuine().open().filter(first_attempt_at__isnull=True)
    if state == ResponseState.DUE:
        return waiting.filter(response_due_at__gt=now)
    if state == ResponseState.OVERDUE:
        return waiting.filter(response_due_at__lte=now)
    if state == ResponseState.ANSWERED:
        return queryset.genuine().filter(first_attempt_at__isnull=False)
    return queryset


# --- Escalation ------------------------------------------------------------------------


def _breached(now):
    # The partial index lead_response_due_idx holds exactly the not yet escalated,
    # unattempted genuine leads: this is cheap when nothing is due.
    return Lead.objects.filter(
        is_spam=False,
        first_attempt_at__isnull=True,
        escalated_at__isnull=True,
        response_due_at__lte=now,
        status__in=Lead.Status.open_values(),
    )


def lead_escalate(*, lead_id, now=None) -> bool:
    """Escalate one lead that breached its first-response target, once: mark it, put it
    on its timeline and announce the breach in one transaction (the Delivery rows are
    written with the mark, so a crash leaves neither or both)."""
    now = now or timezone.now()
    with transaction.atomic():
        lead = (
            _breached(now)
            .select_for_update(skip_locked=True)
            .filter(pk=lead_id)
            .first()
        )
        if lead is None:  # attempted, escalated or locked by another run meanwhile
            return False
        lead.escalated_at = now
        lead.save(update_fields=["escalated_at"])
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.NOTIFIED,
            text=gettext("First response overdue (target %(n)d working minutes).")
            % {"n": settings.AGENCY_LEADS_FIRST_RESPONSE_MINUTES},
            created_at=now,
        )
        outbox.announce(event=Event.BREACH, lead=lead)
    return True


def leads_escalate_due(*, now=None, limit=500) -> int:
    """Escalate the genuine open leads past their target with no attempt yet; return
    how many. Each lead once: `escalated_at` is set in the same transaction."""
    now = now or timezone.now()
    ids = list(
        _breached(now).order_by("response_due_at").values_list("pk", flat=True)[:limit]
    )
    return sum(lead_escalate(lead_id=pk, now=now) for pk in ids)


def escalation_backlog():
    """How many breached leads wait to be escalated (normally none)."""
    return f"{_breached(timezone.now()).count()} waiting"


@every_minute_job(backlog=escalation_backlog)
def lead_response_escalation():
    """Escalate the leads whose first response is overdue (Event.BREACH)."""
    return f"{leads_escalate_due()} escalated"
