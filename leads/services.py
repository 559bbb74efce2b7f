"""Writes with side effects on leads: receive, create, dedupe, pipeline changes, spam,
erasure.

Over 400 lines on purpose: these are the app's use cases, each a short function, and
`leads.services.<name>` is the one address the views, the admin and the tasks call.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from agency.core.pagecache import forget_pages

from . import spam
from .models import (
    Contact,
    Lead,
    LeadActivity,
    LeadNotification,
    LostReason,
)
from .models.contacts import normalise_email, normalise_phone
from .notifications import notification_enqueue
from .tracking import classify_source, ip_for_storage


def contact_match_or_create(*, lead: Lead) -> tuple[Contact | None, bool]:
    """Return the lead's contact and whether it was known before (a repeat).

    Matched by normalised e-mail first, then phone. Two leads from a new person at the
    same moment race to create the contact; the unique constraints let one win and the
    other links to it.
    """
    email = normalise_email(lead.email)
    phone = normalise_phone(lead.phone)
    if not email and not phone:
        return None, False
    for _attempt in range(3):
        contact = _contact_find(email=email, phone=phone)
        if contact is not None:
            _contact_fill_blanks(contact=contact, lead=lead, email=email, phone=phone)
            return contact, True
        try:
            with transaction.atomic():
                contact = Contact.objects.create(
                    name=lead.name, company=lead.company, email=email, phone=lead.phone
                )
            return contact, False
        except IntegrityError:
            continue
    raise RuntimeError("Could not match or create the lead's contact.")


def _contact_find(*, email, phone):
    if email:
        contact = Contact.objects.filter(email_normalised=email).first()
        if contact is not None:
            return contact
    if phone:
        return Contact.objects.filter(phone_normalised=phone).first()
    return None


def _contact_fill_blanks(*, contact, lead, email, phone):
    """Give a known contact the e-mail or phone it lacked, if no one else has it."""
    changed = False
    if email and not contact.email_normalised:
        contact.email = email
        changed = True
    if phone and not contact.phone_normalised:
        contact.phone = lead.phone
        changed = True
    if not contact.company and lead.company:
        contact.company = lead.company
        changed = True
    if changed:
        try:
            with transaction.atomic():
                contact.save()
        except IntegrityError:
            contact.refresh_from_db()


def _link_contact(lead):
    contact, known = contact_match_or_create(lead=lead)
    lead.contact = contact
    lead.is_repeat = known
    Lead.objects.filter(pk=lead.pk).update(contact=contact, is_repeat=known)


def lead_create(
    *,
    name: str,
    company: str = "",
    email: str = "",
    phone: str = "",
    service=None,
    budget: str = "",
    message: str = "",
    preferred_contact: str = Lead.ContactMethod.ANY,
    consent_text: str = "",
    source: str = Lead.Source.DIRECT,
    placement: str = Lead.Placement.CONTACT_PAGE,
    page_url: str = "",
    article=None,
    first_touch: dict | None = None,
    last_touch: dict | None = None,
    user_agent: str = "",
    ip_address: str = "",
    submission_token=None,
    spam_reasons: Iterable[str] = (),
) -> tuple[Lead, bool]:
    """Store an enquiry; return the lead and whether it is new.

    The same submission token twice (a double click, a resent form) returns the first
    lead. A lead that is not spam gets its contact and a queued notification in the same
    transaction, so it is never saved without one.
    """
    spam_reasons = list(spam_reasons)
    with transaction.atomic():
        if submission_token is not None:
            existing = Lead.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        lead = Lead(
            name=name[:120],
            company=company[:160],
            email=email,
            phone=phone[:40],
            service=service,
            budget=budget,
            message=message,
            preferred_contact=preferred_contact,
            consent_text=consent_text,
            source=source,
            placement=placement,
            page_url=page_url[:500],
            article=article,
            first_touch=first_touch or {},
            last_touch=last_touch or {},
            user_agent=user_agent[:300],
            ip_address=ip_address,
            submission_token=submission_token,
            is_spam=bool(spam_reasons),
            spam_reasons=",".join(spam_reasons)[:200],
        )
        try:
            with transaction.atomic():
                lead.save()
        except IntegrityError:
            if submission_token is None:
                raise
            # The same form is being saved by a concurrent request: that one wins.
            return Lead.objects.get(submission_token=submission_token), False
        LeadActivity.objects.create(
            lead=lead, kind=LeadActivity.Kind.CREATED, text=lead.get_placement_display()
        )
        if not lead.is_spam:
            _link_contact(lead)
            notification_enqueue(lead=lead)
    return lead, True


class Received(StrEnum):
    """What became of an enquiry sent through the contact form (`enquiry_receive`)."""

    STORED = "stored"  # a new lead: thank the visitor
    QUARANTINED = "quarantined"  # stored as spam: too many from one address
    REFUSED = "refused"  # over the address's ceiling: not stored, send again later
    UNSIGNED = "unsigned"  # no form token (no JavaScript): confirm and send again
    EXPIRED = "expired"  # the token is too old: send again
    REPEATED = "repeated"  # the same enquiry again (a double click): thank again
    OTHER_DETAILS = "other_details"  # the token was used by other details


@dataclass(frozen=True)
class EnquiryOutcome:
    received: Received
    lead: Lead | None = None
    # Seconds until this address may send again (REFUSED, QUARANTINED).
    retry_after: int | None = None


def enquiry_details_match(*, lead: Lead, data: dict) -> bool:
    """Whether a stored lead holds these details (the same enquiry sent twice)."""
    return (
        lead.name == data["name"]
        and lead.company == data["company"]
        and lead.email == normalise_email(data["email"])
        and lead.phone == data["phone"]
        and lead.message == data["message"]
    )


def enquiry_receive(
    *,
    data: dict,
    consent_text: str,
    placement: str,
    page_url: str,
    ip: str | None,
    first_touch: dict,
    last_touch: dict,
    user_agent: str = "",
) -> EnquiryOutcome:
    """Take an enquiry from the contact form (its cleaned data) and say what became of it.

    The signed form token makes a resend idempotent and dates the form (for the
    minimum fill time); the address is counted against the enquiry ceiling; the spam
    rules give their verdict, and the lead is stored (as spam when they say so).
    """
    if not data["token"]:
        return EnquiryOutcome(Received.UNSIGNED)
    token_id, issued_at = spam.read_token(data["token"])
    if token_id is not None:
        existing = Lead.objects.filter(submission_token=token_id).first()
        if existing is not None:
            return _resent(existing, data)
        if spam.token_expired(issued_at):
            return EnquiryOutcome(Received.EXPIRED)
    address = spam.enquiry_count(ip)
    if address.refused:
        return EnquiryOutcome(Received.REFUSED, retry_after=address.retry_after)
    verdict = spam.check(
        name=data["name"],
        company=data["company"],
        email=data["email"],
        message=data["message"],
        honeypot=data["website"],
        issued_at=issued_at,
        over_rate_limit=address.quarantine,
    )
    lead, created = lead_create(
        name=data["name"],
        company=data["company"],
        email=data["email"],
        phone=data["phone"],
        service=data["service"],
        budget=data["budget"],
        message=data["message"],
        preferred_contact=data["preferred_contact"],
        consent_text=consent_text,
        source=classify_source(first_touch),
        placement=placement,
        page_url=page_url,
        article=data["article"],
        first_touch=first_touch,
        last_touch=last_touch,
        user_agent=user_agent,
        ip_address=ip_for_storage(ip),
        submission_token=token_id,
        spam_reasons=verdict.reasons,
    )
    if not created:
        return _resent(lead, data)
    verdict.count_hits()
    if address.quarantine:
        return EnquiryOutcome(
            Received.QUARANTINED, lead=lead, retry_after=address.retry_after
        )
    return EnquiryOutcome(Received.STORED, lead=lead)


def _resent(lead, data):
    if enquiry_details_match(lead=lead, data=data):
        return EnquiryOutcome(Received.REPEATED, lead=lead)
    return EnquiryOutcome(Received.OTHER_DETAILS, lead=lead)


def lead_record_changes(
    *, lead: Lead, user, old_status: str, old_owner_id: int | None
) -> None:
    """Put a change of status or owner on the lead's timeline."""
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
    if old_owner_id != lead.owner_id:
        old_owner = (
            lead._meta.get_field("owner")
            .related_model.objects.filter(pk=old_owner_id)
            .first()
            if old_owner_id
            else None
        )
        activities.append(
            LeadActivity(
                lead=lead,
                kind=LeadActivity.Kind.OWNER,
                author=user,
                old_value=_user_label(old_owner),
                new_value=_user_label(lead.owner),
            )
        )
    LeadActivity.objects.bulk_create(activities)


def _user_label(user):
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:150]


def lead_set_status(
    *, lead: Lead, status: str, user, lost_reason: LostReason | None = None
) -> bool:
    """Move a lead along the pipeline; lost needs a reason. Return whether it changed."""
    if status == Lead.Status.LOST and lost_reason is None:
        raise ValueError("A lost lead needs a lost reason.")
    if lead.status == status and (
        status != Lead.Status.LOST or lead.lost_reason == lost_reason
    ):
        return False
    old_status, old_owner_id = lead.status, lead.owner_id
    lead.status = status
    lead.lost_reason = lost_reason if status == Lead.Status.LOST else None
    with transaction.atomic():
        lead.save(update_fields=["status", "lost_reason", "updated_at"])
        lead_record_changes(
            lead=lead, user=user, old_status=old_status, old_owner_id=old_owner_id
        )
    return True


def lead_assign(*, lead: Lead, owner, user) -> bool:
    """Give a lead an owner (or none). Return whether it changed."""
    if lead.owner_id == (owner.pk if owner else None):
        return False
    old_status, old_owner_id = lead.status, lead.owner_id
    lead.owner = owner
    with transaction.atomic():
        lead.save(update_fields=["owner", "updated_at"])
        lead_record_changes(
            lead=lead, user=user, old_status=old_status, old_owner_id=old_owner_id
        )
    return True


def lead_note_add(*, lead: Lead, user, text: str) -> LeadActivity:
    return LeadActivity.objects.create(
        lead=lead, kind=LeadActivity.Kind.NOTE, author=user, text=text
    )


def lead_mark_spam(*, lead: Lead, user) -> bool:
    """Move a lead to spam (and cancel its notification if still waiting)."""
    if lead.is_spam:
        return False
    reasons = [r for r in lead.spam_reasons.split(",") if r] or ["manual"]
    with transaction.atomic():
        lead.is_spam = True
        lead.spam_reasons = ",".join(reasons)
        lead.save(update_fields=["is_spam", "spam_reasons", "updated_at"])
        LeadNotification.objects.filter(
            lead=lead, state=LeadNotification.State.PENDING
        ).delete()
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.SPAM, author=user)
    return True


def lead_mark_not_spam(*, lead: Lead, user) -> bool:
    """Restore a lead from spam: it gets its contact and sales are notified."""
    if not lead.is_spam:
        return False
    with transaction.atomic():
        lead.is_spam = False
        lead.save(update_fields=["is_spam", "updated_at"])
        LeadActivity.objects.create(
            lead=lead, kind=LeadActivity.Kind.NOT_SPAM, author=user
        )
        if lead.erased_at is None:
            _link_contact(lead)
            notification_enqueue(lead=lead)
    return True


# --- Privacy ------------------------------------------------------------------------

PERSONAL_FIELDS_BLANK = {
    "name": "",
    "company": "",
    "email": "",
    "phone": "",
    "phone_normalised": "",
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
                lead_id__in=chunk, kind=LeadActivity.Kind.NOTE
            ).update(text="")
            LeadNotification.objects.filter(lead_id__in=chunk).update(last_error="")
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
            if isinstance(detail, dict):
                detail.pop("object", None)
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
