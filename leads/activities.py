"""Activities: plan a call, e-mail, meeting or to-do on a lead, then mark it done;
and the timeline of what a person changed on it.

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

from .assignment import lead_owner_set
from .models import Activity, Event, Lead, LeadActivity
from .outbox import announce

# Kinds that try to reach the person; a to-do does not.
ATTEMPTS = {Activity.Kind.CALL, Activity.Kind.EMAIL, Activity.Kind.MEETING}

# The timeline entries of the work on a lead, in people's own words: a merge moves them
# to the lead kept, an erasure blanks their text.
WORK_ENTRIES = [
    LeadActivity.Kind.NOTE,
    LeadActivity.Kind.PLANNED,
    LeadActivity.Kind.DONE,
]


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


# --- The timeline: what a save changed --------------------------------------------


# Fields whose changes the timeline records as "changed" (status and owner have their
# own kinds; the follow-up date follows the activities).
TRACKED_FIELDS = [
    "priority",
    "estimated_value",
    "service",
    "budget",
    "company",
    "preferred_contact",
    "language",
    "name",
    "email",
    "phone",
    "message",
    "probability",
    "expected_close",
    "wechat_id",
]
# Personal data: the timeline says it changed, never what it was, so erasing a person
# (leads.erasure) leaves no copy of it behind.
PERSONAL_FIELDS = {"name", "email", "phone", "message", "wechat_id"}


def lead_snapshot(*, lead: Lead) -> dict:
    """The values `lead_record_changes` compares: status, owner and tracked fields."""
    values = {"status": lead.status, "owner_id": lead.owner_id}
    for name in TRACKED_FIELDS:
        values[lead._meta.get_field(name).attname] = getattr(
            lead, lead._meta.get_field(name).attname
        )
    return values


def _display(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))[:150]
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related or "")[:150]
    return str(value)[:150]


def lead_record_changes(
    *,
    lead: Lead,
    user,
    old_status: str,
    old_owner_id: int | None,
    old_values: dict | None = None,
) -> None:
    """Put what a save changed on the lead's timeline and act on it.

    A change of status or owner has its own entry; every tracked field another
    ("changed", with its name). A new owner is told (leads.assignment); a person moving
    a lead on from New counts as its first contact (leads.activities).
    """
    activities = []
    if old_status != lead.status:
        new_label = lead.get_status_display()
        if lead.status == Lead.Status.LOST and lead.lost_reason_id:
            new_label = f"{new_label}: {lead.lost_reason}"
        activities.append(
            LeadActivity(
                lead=lead,
                kind=LeadActivity.Kind.STATUS,
                author=user,
                old_value=str(Lead.Status(old_status).label) if old_status else "",
                new_value=new_label,
            )
        )
        if old_status == Lead.Status.NEW and user is not None:
            lead_contact_record(lead=lead, attempted=True, reached=True)
    for name in TRACKED_FIELDS:
        field = lead._meta.get_field(name)
        if old_values is None or field.attname not in old_values:
            continue
        old, new = old_values[field.attname], getattr(lead, field.attname)
        if (old or None) == (new or None):
            continue
        personal = name in PERSONAL_FIELDS
        activities.append(
            LeadActivity(
                lead=lead,
                kind=LeadActivity.Kind.CHANGED,
                author=user,
                old_value="" if personal else _display(field, old),
                new_value="" if personal else _display(field, new),
                # The field's name: shown by its verbose name in the reader's language.
                text=name,
            )
        )
    LeadActivity.objects.bulk_create(activities)
    if old_status != lead.status and activities:
        _announce_stage(lead=lead, entry=activities[0])
    if old_owner_id != lead.owner_id:
        old_owner = (
            lead._meta.get_field("owner")
            .related_model.objects.filter(pk=old_owner_id)
            .first()
            if old_owner_id
            else None
        )
        lead_owner_set(lead=lead, owner=lead.owner, user=user, old_owner=old_owner)


def _announce_stage(*, lead: Lead, entry: LeadActivity) -> None:
    """Tell the channels (a webhook to an ERP, a chat) that the lead moved: "stage
    changed" every time, and "won" or "lost" when it closes. Each once per move."""
    occurrence = entry.pk or timezone.now().timestamp()
    announce(event=Event.STAGE, lead=lead, occurrence=occurrence)
    if lead.status == Lead.Status.WON:
        announce(event=Event.WON, lead=lead, occurrence=occurrence)
    elif lead.status == Lead.Status.LOST:
        announce(event=Event.LOST, lead=lead, occurrence=occurrence)
