"""The outbox that tells sales about new leads, and its delivery.

`notification_enqueue` writes the outbox row inside the lead's transaction; at commit it
queues `notification_send` for the worker (agency/core/tasks.py), which e-mails sales
within moments: the visitor's request never touches the mail server. The row is the
durable part. If the queue is away (Redis down) the lead is still saved, and the
worker's `lead_notifications` sweep (each minute, and at its start) sends whatever the
outbox holds, retrying failures with backoff until the mail server accepts them.

Each recipient reads it in their own language (their StaffPreference, found by their
address; the site's language for an address that is no one's account): one e-mail per
language, and the row records who has had theirs, so a retry after a partial failure
sends only the rest.

A notification row is locked while it is being sent (`FOR UPDATE SKIP LOCKED`), so the
task and any number of sweeps never send the same one twice at the same time. SQLite
cannot lock rows: there the sweep leaves a fresh notification to its task for
`TASK_GRACE_SECONDS`, unless queueing it failed.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agency.core.admin_language import languages_of_addresses
from agency.core.tasks import enqueue, task

from .models import Lead, LeadActivity, LeadDigest, LeadNotification

logger = logging.getLogger(__name__)

BACKOFF_FIRST_SECONDS = 30
BACKOFF_MAX_SECONDS = 60 * 60
TASK_GRACE_SECONDS = 60


def notification_enqueue(*, lead, new=False) -> LeadNotification:
    """Queue the sales e-mail of `lead`; call inside the transaction that saves it
    (`new`: the lead is saved by it, so it has no notification yet)."""
    due = timezone.now() + datetime.timedelta(seconds=TASK_GRACE_SECONDS)
    if new:
        notification = LeadNotification.objects.create(lead=lead, next_attempt_at=due)
    else:
        notification, _created = LeadNotification.objects.get_or_create(
            lead=lead, defaults={"next_attempt_at": due}
        )
    transaction.on_commit(partial(_queue, notification.pk), robust=True)
    return notification


def _queue(notification_id):
    if enqueue(notification_send, notification_id):
        return
    # Not queued: due now, so the next sweep sends it instead of waiting out the grace.
    LeadNotification.objects.filter(
        pk=notification_id, state=LeadNotification.State.PENDING
    ).update(next_attempt_at=timezone.now())


@task()
def notification_send(notification_id):
    """The worker's first attempt at one notification (the sweep retries failures)."""
    notification_deliver(notification_id=notification_id)


def backoff(attempts):
    """Seconds to wait after the given number of failed attempts: 30 s doubling to 1 h."""
    return min(BACKOFF_FIRST_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def _failure_record(row, error, *, now):
    """Record a failed attempt on a notification or digest and when to try again."""
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    row.next_attempt_at = now + datetime.timedelta(seconds=backoff(row.attempts))
    row.save(
        update_fields=["attempts", "last_error", "next_attempt_at", "delivered_to"]
    )


def _pending():
    # The notifications alone, each one's lead read after by its key (as the outbox's
    # deliveries, leads.outbox.channel_send_due): joined to the leads table, the due
    # one took a second at 1M leads while the mail server was down.
    return LeadNotification.objects.select_for_update(skip_locked=True).filter(
        state=LeadNotification.State.PENDING
    )


def notification_deliver(*, notification_id) -> bool:
    """Try to send one notification now, unless sent or being sent. Return success."""
    with transaction.atomic():
        notification = _pending().filter(pk=notification_id).first()
        if notification is None:
            return False
        return _attempt(notification)


def notifications_send_due(*, limit=100, ignore_backoff=False) -> tuple[int, int]:
    """Send the notifications that are due; return (sent, failed).

    With `ignore_backoff`, every waiting notification is tried once, now: for when the
    mail server is known to be back.
    """
    sent = failed = 0
    tried = []
    while sent + failed < limit:
        with transaction.atomic():
            due = _pending().exclude(pk__in=tried)
            if not ignore_backoff:
                due = due.filter(next_attempt_at__lte=timezone.now())
            notification = due.order_by("next_attempt_at", "pk").first()
            if notification is None:
                break
            tried.append(notification.pk)
            if _attempt(notification):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _attempt(notification):
    """Send while the row is locked; record the result on it."""
    now = timezone.now()
    notification.attempts += 1
    try:
        for language, addresses in recipients_by_language(
            sales_recipients(), exclude=notification.delivered_to
        ):
            message = build_message(
                notification.lead, language=language, recipients=addresses
            )
            message.send(fail_silently=False)
            notification.delivered_to = [*notification.delivered_to, *addresses]
    except Exception as error:  # any failure is recorded and retried, never lost
        _failure_record(notification, error, now=now)
        logger.warning(
            "Lead notification %s (lead %s) failed, attempt %s: %s",
            notification.pk,
            notification.lead_id,
            notification.attempts,
            notification.last_error,
        )
        return False
    notification.state = LeadNotification.State.SENT
    notification.sent_at = now
    notification.last_error = ""
    notification.save(
        update_fields=["state", "attempts", "sent_at", "last_error", "delivered_to"]
    )
    LeadActivity.objects.create(
        lead=notification.lead,
        kind=LeadActivity.Kind.NOTIFIED,
        text=", ".join(settings.AGENCY_SALES_EMAILS),
    )
    return True


def safe_reply_to(address):
    """Return [address] if it is one valid e-mail address, else []: it goes in a header."""
    address = (address or "").strip()
    if not address or any(c in address for c in "\r\n,;<>\"'"):
        return []
    try:
        validate_email(address)
    except ValidationError:
        return []
    return [address]


def sales_recipients():
    recipients = list(settings.AGENCY_SALES_EMAILS)
    if not recipients:
        raise RuntimeError("AGENCY_SALES_EMAILS is empty: no one to tell about leads.")
    return recipients


def recipients_by_language(addresses, *, exclude=()):
    """[(language, addresses)]: the addresses not in `exclude`, by each one's language."""
    languages = languages_of_addresses(addresses)
    groups = {}
    for address in addresses:
        if address not in exclude:
            groups.setdefault(languages[address], []).append(address)
    return list(groups.items())


def build_message(lead, *, language=None, recipients=None) -> EmailMessage:
    """The sales e-mail of a lead, in `language` (the site's by default).

    No visitor text goes in the subject or the sender.
    """
    recipients = list(recipients or sales_recipients())
    with translation.override(language or settings.LANGUAGE_CODE):
        admin_url = settings.SITE_URL + reverse(
            "admin:leads_lead_change", args=[lead.pk]
        )
        subject = _("New lead #%(id)s: %(service)s (%(placement)s)") % {
            "id": lead.pk,
            "service": lead.service.name if lead.service else _("no service chosen"),
            "placement": lead.get_placement_display(),
        }
        body = render_to_string(
            "leads/email/new_lead.txt", {"lead": lead, "admin_url": admin_url}
        )
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=safe_reply_to(lead.email),
    )


# --- The daily digest ----------------------------------------------------------------


def digest_send_due(*, now=None) -> bool:
    """Send today's digest if it is due and not sent yet; return whether one was sent.

    Called by the worker's `lead_digest` job: a row per day (unique) and a row lock make
    it one e-mail per day, however often it runs. A failure is retried with backoff.
    """
    hour = settings.AGENCY_LEADS_DIGEST_HOUR
    if hour < 0:
        return False
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < hour:
        return False
    period_end = timezone.make_aware(
        datetime.datetime.combine(local.date(), datetime.time(hour))
    )
    LeadDigest.objects.get_or_create(
        day=local.date(), defaults={"period_end": period_end, "next_attempt_at": now}
    )
    with transaction.atomic():
        digest = (
            LeadDigest.objects.select_for_update(skip_locked=True)
            .filter(day=local.date(), sent_at__isnull=True, next_attempt_at__lte=now)
            .first()
        )
        if digest is None:
            return False
        previous = (
            LeadDigest.objects.filter(day__lt=digest.day).order_by("-day").first()
        )
        start = (
            previous.period_end
            if previous is not None
            else digest.period_end - datetime.timedelta(days=1)
        )
        digest.attempts += 1
        recipients = list(settings.AGENCY_SALES_EMAILS)
        # No one to send to: build_digest says whether that is a failure (leads to tell).
        groups = recipients_by_language(recipients, exclude=digest.delivered_to) or [
            (None, recipients)
        ]
        sent = False
        try:
            for language, addresses in groups:
                message = build_digest(
                    start=start,
                    end=digest.period_end,
                    language=language,
                    recipients=addresses,
                )
                if message is None:
                    break  # no leads in the period: nothing for anyone
                message.send(fail_silently=False)
                digest.delivered_to = [*digest.delivered_to, *addresses]
                sent = True
        except Exception as error:  # recorded and retried, like a lead's e-mail
            _failure_record(digest, error, now=now)
            logger.warning("Lead digest of %s failed: %s", digest.day, error)
            return False
        digest.sent_at = now
        digest.last_error = ""
        digest.save(update_fields=["attempts", "last_error", "sent_at", "delivered_to"])
    return sent


def build_digest(*, start, end, language=None, recipients=None) -> EmailMessage | None:
    """The digest of the leads received from `start` to `end`, in `language` (the
    site's by default); None when there are none."""
    received = Lead.objects.filter(
        created_at__gte=start, created_at__lt=end, erased_at__isnull=True
    ).select_related("service")
    new = list(received.genuine().order_by("created_at"))
    quarantined = list(received.quarantined().order_by("created_at"))
    if not new and not quarantined:
        return None
    if recipients is None:
        recipients = list(settings.AGENCY_SALES_EMAILS)
    if not recipients:
        raise RuntimeError("AGENCY_SALES_EMAILS is empty: no one to send the digest.")
    with translation.override(language or settings.LANGUAGE_CODE):
        changelist = settings.SITE_URL + reverse("admin:leads_lead_changelist")
        subject = _("Leads of %(day)s: %(new)s new, %(quarantined)s quarantined") % {
            "day": timezone.localtime(end).date().isoformat(),
            "new": len(new),
            "quarantined": len(quarantined),
        }
        body = render_to_string(
            "leads/email/digest.txt",
            {
                "start": timezone.localtime(start),
                "end": timezone.localtime(end),
                "new": [(lead, _admin_url(lead)) for lead in new],
                "quarantined": [(lead, _admin_url(lead)) for lead in quarantined],
                "quarantined_url": f"{changelist}?spam=quarantined",
                "limit": settings.AGENCY_LEADS_RATE_LIMIT_COUNT,
                "minutes": settings.AGENCY_LEADS_RATE_LIMIT_WINDOW // 60,
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def _admin_url(lead):
    return settings.SITE_URL + reverse("admin:leads_lead_change", args=[lead.pk])
