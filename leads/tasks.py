"""The leads' periodic jobs, run by the worker (agency/core/tasks.py)."""

from django.conf import settings
from django.utils import timezone

from agency.core.tasks import crontab, every_minute_job, periodic_job

# Their periodic jobs register as they are imported: the first-response escalation
# (lead_response_escalation) and each salesperson's morning digest
# (lead_personal_digests).
from . import digest, response  # noqa: F401
from .arrival import arrivals_backlog, arrivals_dispatch_due
from .erasure import leads_apply_retention
from .models import LeadNotification
from .notifications import digest_send_due, notifications_send_due
from .outbox import outbox_backlog as deliveries_backlog
from .outbox import outbox_send_due
from .replies import replies_fetch


def outbox_backlog():
    """The notifications still waiting, and since when."""
    waiting = LeadNotification.objects.filter(state=LeadNotification.State.PENDING)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return "outbox empty"
    minutes = int((timezone.now() - oldest).total_seconds() // 60)
    return f"{waiting.count()} waiting, oldest {minutes} min"


@every_minute_job(backlog=outbox_backlog)
def lead_notifications():
    """Send the notifications that are due: those no task sent, and failed ones."""
    sent, failed = notifications_send_due()
    return f"{sent} sent, {failed} failed"


@every_minute_job(backlog=arrivals_backlog)
def lead_arrivals():
    """Give an owner to and announce the genuine leads no task dispatched (Redis was
    away, a task lost): before the deliveries, so they go out in the same minute."""
    return f"{arrivals_dispatch_due()} dispatched"


@every_minute_job(backlog=deliveries_backlog)
def lead_deliveries():
    """Send the channels' and persons' deliveries that are due, in order and within each
    channel's rate: those no task sent, and retries (leads.outbox)."""
    sent, failed = outbox_send_due()
    return f"{sent} sent, {failed} not sent"


@periodic_job(crontab(), every="each minute", late_after=180)
def lead_digest():
    """Send today's digest once its hour has come (AGENCY_LEADS_DIGEST_HOUR)."""
    return "sent" if digest_send_due() else "not due"


@periodic_job(
    crontab(hour="3", minute="30"), every="daily, 03:30 UTC", late_after=26 * 3600
)
def lead_retention():
    """Anonymise (or delete) leads older than AGENCY_LEADS_RETENTION_DAYS."""
    days = settings.AGENCY_LEADS_RETENTION_DAYS
    mode = settings.AGENCY_LEADS_RETENTION_MODE
    count = leads_apply_retention(days=days, mode=mode)
    return f"{count} leads older than {days} days {mode}d"


@periodic_job(crontab(), every="each minute", late_after=180)
def lead_replies():
    """Put the replies in the sales mailbox on their leads (AGENCY_LEADS_IMAP_URL)."""
    if not settings.AGENCY_LEADS_IMAP_URL:
        return "no mailbox configured"
    return f"{replies_fetch()} replies logged"
