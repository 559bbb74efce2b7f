"""The dashboard's first-response figures: how fast sales first try a new lead.

Time is counted in working minutes from the lead's arrival to its first attempt (the
clock of leads.response), so a lead sent on Saturday and called on Monday at 09:10 took
10 minutes. Percentiles are computed here, in Python, as PostgreSQL's percentile_cont
does (linear interpolation): the same figures on SQLite (`make run`).
"""

import math

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Lead
from .reports import period_leads
from .response import working_minutes

# (upper bound in minutes, excluded; label; colour): the bands of the chart.
BANDS = [
    (5, _("0–5 min"), "#16a34a"),
    (15, _("5–15 min"), "#65a30d"),
    (60, _("15–60 min"), "#f59e0b"),
    (math.inf, _("60 min or more"), "#dc2626"),
]
UNANSWERED_COLOUR = "#94a3b8"


def percentile(values, fraction):
    """The `fraction` percentile of sorted `values` (percentile_cont); None if empty."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    below, above = math.floor(position), math.ceil(position)
    return values[below] + (values[above] - values[below]) * (position - below)


def _summary(label, times, unanswered):
    times = sorted(times)
    median, p90 = percentile(times, 0.5), percentile(times, 0.9)
    return {
        "label": label,
        "answered": len(times),
        "unanswered": unanswered,
        "median": None if median is None else round(median),
        "p90": None if p90 is None else round(p90),
    }


def _group(rows, labels):
    """[_summary] per key of `rows` ((key, minutes or None)), slowest median first."""
    times, unanswered = {}, {}
    for key, minutes in rows:
        times.setdefault(key, [])
        unanswered.setdefault(key, 0)
        if minutes is None:
            unanswered[key] += 1
        else:
            times[key].append(minutes)
    summaries = [_summary(labels(key), times[key], unanswered[key]) for key in times]
    return sorted(
        summaries,
        key=lambda row: (
            row["median"] is None,
            -(row["median"] or 0),
            str(row["label"]),
        ),
    )


def _owner_labels(owner_ids):
    users = get_user_model().objects.filter(pk__in=[pk for pk in owner_ids if pk])
    names = {user.pk: user.get_full_name() or user.get_username() for user in users}
    return lambda pk: names.get(pk, _("No owner")) if pk else _("No owner")


def bands(minutes, unanswered):
    """Leads per band of response time and the unanswered ones, as bars of the
    dashboard's table chart (percent of the largest)."""
    counts = [0] * len(BANDS)
    for value in minutes:
        counts[next(i for i, band in enumerate(BANDS) if value < band[0])] += 1
    rows = [
        {"label": label, "count": count, "colour": colour}
        for (_bound, label, colour), count in zip(BANDS, counts, strict=True)
    ]
    rows.append(
        {
            "label": _("Not yet answered"),
            "count": unanswered,
            "colour": UNANSWERED_COLOUR,
        }
    )
    total = sum(row["count"] for row in rows)
    peak = max([row["count"] for row in rows] + [1])
    for row in rows:
        row["width"] = round(100 * row["count"] / peak)
        row["percent"] = round(100 * row["count"] / total) if total else 0
    return rows


def first_response(days):
    """First-response time over the period's genuine leads: overall, per owner, per
    source (median and P90 in working minutes), and leads per band."""
    rows = []
    for owner_id, source, created_at, first_attempt_at in (
        period_leads(days)
        .order_by()
        .values_list("owner_id", "source", "created_at", "first_attempt_at")
        .iterator(chunk_size=2000)
    ):
        minutes = (
            None
            if first_attempt_at is None
            else working_minutes(created_at, first_attempt_at)
        )
        rows.append((owner_id, source, minutes))
    answered = [minutes for _o, _s, minutes in rows if minutes is not None]
    unanswered = len(rows) - len(answered)
    owner_label = _owner_labels({owner for owner, _s, _m in rows})
    return {
        "overall": _summary(_("All leads"), answered, unanswered),
        "by_owner": _group(((owner, m) for owner, _s, m in rows), owner_label),
        "by_source": _group(
            ((source, m) for _o, source, m in rows),
            lambda source: Lead.Source(source).label,
        ),
        "bands": bands(answered, unanswered),
    }
