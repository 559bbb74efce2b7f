"""Speed to lead: the first-response clock, counted in the sales team's working hours.

`AGENCY_LEADS_WORKING_DAYS` and `AGENCY_LEADS_WORKING_HOURS` say when the team works
(the site's time zone); `AGENCY_LEADS_FIRST_RESPONSE_MINUTES` of that time after a lead
arrives, it is due (`response_due_at`).
"""

import datetime

from django.conf import settings
from django.utils import timezone


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
