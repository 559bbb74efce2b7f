"""Activities: plan a call, e-mail, meeting or to-do on a lead, then mark it done.

Each plan and each done is an entry of the lead's timeline. The lead's
`next_follow_up` is the day of its earliest open activity, kept here on every change,
so the list's follow-up column and filter read one indexed date.

The lead's first attempt and first contact (`first_attempt_at`, `first_reached_at`,
which leads.response measures) are what a person did: a call, e-mail or meeting done is
an attempt; one that reached them (or a meeting held) is a contact. Messages the site
sends by itself never count: nothing automatic calls these functions.
"""

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import Activity, Lead, LeadActivity

# Kinds that try to reach the person; a to-do does not.
ATTEMPTS = {Activity.Kind.CALL, Activity.Kind.EMAIL, Activity.Kind.MEETING}


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def activity_plan(
    *, lead: Lead, kind: str, due_at: datetime.datetime, user, assignee=None, note=""
) -> Activity:
    """Plan an activity on `lead` (for `assignee`, by default the owner or `user`)."""
    with transaction.atomic():
        activity = Activity.objects.create(
            lead=lead,
            kind=kind,
            due_at=due_at,
            assignee=assignee or lead.owner or user,
            note=note,
            created_by=user,
        )
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.PLANNED,
            author=user,
            new_value=f"{activity.get_kind_display()}, {_when(due_at)}"[:150],
            text=note,
        )
        lead_follow_up_sync(lead=lead)
    return activity


def activity_reschedule(*, activity: Activity, user) -> Activity:
    """Save an open activity changed in place (its time, assignee or note)."""
    with transaction.atomic():
        activity.save()
        lead_follow_up_sync(lead=activity.lead)
    return activity


def activity_done(
    *, activity: Activity, outcome: str, user, note: str = "", done_at=None
) -> bool:
    """Mark an open activity done with its outcome. Return whether it was open.

    A call, e-mail or meeting done is the lead's first attempt if none came before;
    reaching the person (or holding a meeting) its first contact.
    """
    done_at = done_at or timezone.now()
    with transaction.atomic():
        updated = Activity.objects.filter(pk=activity.pk, done_at__isnull=True).update(
            done_at=done_at, outcome=outcome, outcome_note=note
        )
        if not updated:
            return False
        activity.done_at, activity.outcome, activity.outcome_note = (
            done_at,
            outcome,
            note,
        )
        lead = activity.lead
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.DONE,
            author=user,
            new_value=(
                f"{activity.get_kind_display()}: {activity.get_outcome_display()}"
            )[:150],
            text=note,
        )
        reached = outcome == Activity.Outcome.REACHED or (
            activity.kind == Activity.Kind.MEETING
        )
        attempted = reached or activity.kind in ATTEMPTS
        lead_contact_record(lead=lead, attempted=attempted, reached=reached, at=done_at)
        lead_follow_up_sync(lead=lead)
    return True


def lead_contact_record(*, lead: Lead, attempted: bool, reached: bool, at=None):
    """Stamp the lead's first attempt and first contact, each only the first time."""
    at = at or timezone.now()
    if attempted and lead.first_attempt_at is None:
        lead.first_attempt_at = at
        Lead.objects.filter(pk=lead.pk, first_attempt_at__isnull=True).update(
            first_attempt_at=at
        )
    if reached and lead.first_reached_at is None:
        lead.first_reached_at = at
        Lead.objects.filter(pk=lead.pk, first_reached_at__isnull=True).update(
            first_reached_at=at
        )


def lead_follow_up_sync(*, lead: Lead) -> None:
    """Set the lead's next follow-up to the day of its earliest open activity."""
    first = Activity.objects.filter(lead=lead).open().aggregate(first=Min("due_at"))
    day = timezone.localtime(first["first"]).date() if first["first"] else None
    lead.next_follow_up = day
    Lead.objects.filter(pk=lead.pk).update(next_follow_up=day)


def activity_summary(activity: Activity) -> str:
    """One line for lists: "Call, 30 Nov 2026 10:00 — note"."""
    text = f"{activity.get_kind_display()}, {_when(activity.due_at)}"
    if activity.note:
        text = gettext("%(activity)s: %(note)s") % {
            "activity": text,
            "note": activity.note,
        }
    return text
