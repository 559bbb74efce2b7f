"""Writes with side effects on leads: receive, create, dedupe, pipeline changes, spam.

Erasure and retention are in leads.erasure.
"""

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from agency.core.locks import one_at_a_time

from . import spam
from .activities import lead_record_changes
from .arrival import arrival_enqueue, lead_dispatch
from .models import (
    Contact,
    Lead,
    LeadActivity,
    LeadNotification,
    LostReason,
)
from .models.contacts import normalise_email, normalise_phone
from .notifications import notification_enqueue
from .response import working_deadline
from .tracking import classify_source, ip_for_storage

# The advisory locks of enquiry_receive, one per form token ("eq").
ENQUIRY_LOCKS = 0x6571


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
    language: str = settings.LANGUAGE_CODE,
    article=None,
    landing: tuple = (None, None),
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
            language=language,
            article=article,
            landing_page=landing[0],
            landing_variant=landing[1],
            first_touch=first_touch or {},
            last_touch=last_touch or {},
            user_agent=user_agent[:300],
            ip_address=ip_address,
            submission_token=submission_token,
            is_spam=bool(spam_reasons),
            spam_reasons=",".join(spam_reasons)[:200],
        )
        if not lead.is_spam:
            lead.response_due_at = working_deadline(lead.created_at)
        try:
            # Saved first, before any other work: the first copy of a form sent many
            # times at once claims its token, whatever the spam rules say of the others.
            with transaction.atomic():
                lead.save()
        except IntegrityError:
            if submission_token is None:
                raise
            # This form was saved before, or is being saved by a concurrent request:
            # that one wins.
            return Lead.objects.get(submission_token=submission_token), False
        LeadActivity.objects.create(
            lead=lead, kind=LeadActivity.Kind.CREATED, text=lead.get_placement_display()
        )
        if not lead.is_spam:
            _link_contact(lead)
            notification_enqueue(lead=lead, new=True)
            arrival_enqueue(lead=lead)
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
    language: str = settings.LANGUAGE_CODE,
) -> EnquiryOutcome:
    """Take an enquiry from the contact form (its cleaned data) and say what became of it.

    The signed form token makes a resend idempotent and dates the form (for the
    minimum fill time); the address is counted against the enquiry ceiling; the spam
    rules give their verdict, and the lead is stored (as spam when they say so), with
    the language of the page it was sent from.
    """
    if not data["token"]:
        return EnquiryOutcome(Received.UNSIGNED)
    token_id, issued_at = spam.read_token(data["token"])
    # The copies of one form sent at once (a double click, a resend, a flood) are taken
    # one at a time: the first is counted against the address and stored, the others
    # find its lead. Counted in parallel, a later copy could be over the address's limit
    # and win the race to store the lead: a genuine enquiry quarantined as spam.
    with one_at_a_time(ENQUIRY_LOCKS, str(token_id)) if token_id else nullcontext():
        if token_id is not None:
            existing = Lead.objects.filter(submission_token=token_id).first()
            if existing is not None:
                return _resent(existing, data)
            if spam.token_expired(issued_at):
                return EnquiryOutcome(Received.EXPIRED)
        address = spam.enquiry_count(ip)
        if address.refused:
            return EnquiryOutcome(Received.REFUSED, retry_after=address.retry_after)
        # What the visitor wrote: the spam rules read it and the lead keeps it.
        written = {key: data[key] for key in ("name", "company", "email", "message")}
        verdict = spam.check(
            **written,
            honeypot=data["website"],
            issued_at=issued_at,
            over_rate_limit=address.quarantine,
        )
        lead, created = lead_create(
            **written,
            phone=data["phone"],
            service=data["service"],
            budget=data["budget"],
            preferred_contact=data["preferred_contact"],
            consent_text=consent_text,
            source=classify_source(first_touch),
            placement=placement,
            page_url=page_url,
            language=language,
            article=data["article"],
            landing=data.get("landing") or (None, None),
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
    """Give a lead an owner (or none), and tell them. Return whether it changed."""
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
            # Sales hear of it only now: the clock starts now, and it is dispatched
            # here (a salesperson's click, not a visitor's request waiting).
            lead.response_due_at = working_deadline(timezone.now())
            lead.dispatched_at = None
            lead.save(update_fields=["response_due_at", "dispatched_at"])
            lead_dispatch(lead_id=lead.pk)
            lead.refresh_from_db(fields=["owner", "assigned_at", "dispatched_at"])
    return True
