"""Privacy: erase a person's personal data on request, and the retention rule.

An erased lead stays as an anonymous row (its pipeline, for the counts); the admin's
history and the stored pages name no one afterwards.
"""

import datetime
import json
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agency.core.pagecache import forget_pages

from .activities import WORK_ENTRIES
from .models import (
    Activity,
    Contact,
    Lead,
    LeadActivity,
    LeadEmail,
    LeadNotification,
)
from .models.contacts import normalise_email, normalise_phone
from .outbox import deliveries_forget

PERSONAL_FIELDS_BLANK = {
    "name": "",
    "company": "",
    "email": "",
    "phone": "",
    "phone_normalised": "",
    "wechat_id": "",
    "message": "",
    "consent_text": "",
    "user_agent": "",
    "ip_address": "",
}


def leads_anonymise(*, lead_ids: Iterable[int], user=None) -> int:
    """Erase the personal data of these leads, keeping their pipeline for the counts."""
    lead_ids = list(lead_ids)
    now = timezone.now()
    erased = 0
    for start in range(0, len(lead_ids), 1000):
        chunk = lead_ids[start : start + 1000]
        with transaction.atomic():
            leads = Lead.objects.filter(pk__in=chunk, erased_at__isnull=True)
            # Keep only the time and landing page of each visit: referrers, queries and
            # UTM values (free text) can carry personal data.
            for lead in leads.only("pk", "first_touch", "last_touch", "page_url"):
                Lead.objects.filter(pk=lead.pk).update(
                    first_touch=_touch_without_personal_data(lead.first_touch),
                    last_touch=_touch_without_personal_data(lead.last_touch),
                    page_url=lead.page_url.split("?", 1)[0].split("#", 1)[0],
                )
            erased += leads.update(**PERSONAL_FIELDS_BLANK, erased_at=now)
            LeadActivity.objects.filter(
                lead_id__in=chunk, kind__in=WORK_ENTRIES
            ).update(text="")
            # A change of a personal field keeps that it changed, never the values.
            LeadActivity.objects.filter(
                lead_id__in=chunk,
                kind=LeadActivity.Kind.CHANGED,
                text__in=list(PERSONAL_FIELDS_BLANK),
            ).update(old_value="", new_value="")
            Activity.objects.filter(lead_id__in=chunk).update(note="", outcome_note="")
            # What sales wrote to them: kept as "an e-mail was sent", not its words.
            LeadEmail.objects.filter(lead_id__in=chunk).update(
                to="", subject="", body=""
            )
            LeadActivity.objects.filter(
                lead_id__in=chunk, kind=LeadActivity.Kind.EMAILED
            ).update(new_value="", text="")
            LeadNotification.objects.filter(lead_id__in=chunk).update(last_error="")
            deliveries_forget(lead_ids=chunk)
            _admin_history_erase(model=Lead, ids=chunk)
            LeadActivity.objects.bulk_create(
                [
                    LeadActivity(lead_id=pk, kind=LeadActivity.Kind.ERASED, author=user)
                    for pk in chunk
                ]
            )
    return erased


def _touch_without_personal_data(touch):
    if not isinstance(touch, dict):
        return {}
    kept = {"at": touch["at"]} if touch.get("at") else {}
    landing = str(touch.get("landing") or "")
    if landing:
        kept["landing"] = landing.split("?", 1)[0].split("#", 1)[0]
    return kept


def _admin_history_erase(*, model, ids):
    """Name no one in the admin's history of these objects: each entry keeps its time,
    author, action and changed field names, not the object's name nor inline ones."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    )
    label = model._meta.verbose_name
    for entry in entries.only("pk", "object_id", "change_message"):
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=f"{label} #{entry.object_id} (erased)",
            change_message=_change_message_without_names(entry.change_message),
        )


def _change_message_without_names(message):
    try:
        changes = json.loads(message or "[]")
    except ValueError:
        return ""  # free text, as old entries and other code write it
    if not isinstance(changes, list):
        return ""
    for change in changes:
        for detail in change.values() if isinstance(change, dict) else ():
            # The admin's history formats "Added {name} “{object}”": keep the key,
            # without the name (a note's or an activity's text may name the person).
            if isinstance(detail, dict) and "object" in detail:
                detail["object"] = "…"
    return json.dumps(changes)


def person_erase(*, lead: Lead, user=None) -> int:
    """Erase everything held about the person behind `lead`; return leads erased.

    Their leads stay as anonymous rows, so the dashboard's counts do not change.
    """
    email = normalise_email(lead.email)
    phone = normalise_phone(lead.phone)
    match = Q(pk=lead.pk)
    if lead.contact_id:
        match |= Q(contact_id=lead.contact_id)
    if email:
        match |= Q(email=email)
    if phone:
        match |= Q(phone_normalised=phone)
    ids = list(Lead.objects.filter(match).values_list("pk", flat=True))
    contact_ids = set(
        Lead.objects.filter(pk__in=ids, contact__isnull=False).values_list(
            "contact_id", flat=True
        )
    )
    erased = leads_anonymise(lead_ids=ids, user=user)
    contacts_anonymise(contact_ids=contact_ids)
    # A page kept from before (a search for their e-mail) must not outlive them.
    forget_pages()
    return erased


def contacts_anonymise(*, contact_ids: Iterable[int]) -> int:
    contact_ids = list(contact_ids)
    _admin_history_erase(model=Contact, ids=contact_ids)
    return Contact.objects.filter(pk__in=contact_ids).update(
        name="",
        company="",
        email="",
        phone="",
        email_normalised="",
        phone_normalised="",
        erased_at=timezone.now(),
    )


def leads_apply_retention(
    *, days: int, mode: str, now: datetime.datetime | None = None
) -> int:
    """Delete or anonymise the leads received more than `days` ago; return how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Lead.objects.filter(created_at__lt=cutoff)
    if mode == "delete":
        count = 0
        while True:
            ids = list(old.values_list("pk", flat=True)[:1000])
            if not ids:
                break
            count += Lead.objects.filter(pk__in=ids).delete()[1].get("leads.Lead", 0)
        Contact.objects.filter(leads__isnull=True).delete()
        return count
    if mode != "anonymise":
        raise ValueError(f"Unknown retention mode {mode!r}: use anonymise or delete.")
    ids = list(old.filter(erased_at__isnull=True).values_list("pk", flat=True))
    count = leads_anonymise(lead_ids=ids)
    # A contact whose every lead is anonymised has nothing left to be kept for.
    stale_contacts = Contact.objects.filter(erased_at__isnull=True).exclude(
        leads__erased_at__isnull=True
    )
    contacts_anonymise(contact_ids=stale_contacts.values_list("pk", flat=True))
    return count
