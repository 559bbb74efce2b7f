"""A genuine lead reaches sales: its owner and its announcements, off the visitor's
request.

`lead_create` stores the lead, its contact and the team's e-mail in the visitor's
request, and at commit queues `lead_arrival` for the worker, which gives the lead its
owner (leads.assignment) and writes its announcements (leads.outbox) in one
transaction, then stamps `dispatched_at`. The lead row is the durable part: if the
queue is away (Redis down) or the task is lost, the `lead_arrivals` sweep (each minute,
and when the worker starts) dispatches every genuine lead still without the stamp, oldest
first. The row is locked while it is dispatched (`FOR UPDATE SKIP LOCKED`), so the task
and a sweep never dispatch one twice; announcing twice would be one message anyway (the
deliveries' unique keys).

So the contact form answers as fast with ten channels as with none, and the owner hears
of the lead within moments (in tests and `make run`, Huey's immediate mode: at once).
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from agency.core.tasks import enqueue, task

from .assignment import lead_auto_assign
from .models import Event, Lead
from .outbox import announce


def arrival_enqueue(*, lead: Lead) -> None:
    """Have the worker dispatch `lead` once the transaction that stores it commits."""
    transaction.on_commit(partial(enqueue, lead_arrival, lead.pk), robust=True)


@task()
def lead_arrival(lead_id):
    """The worker's first go at a new lead (the sweep takes any it missed)."""
    lead_dispatch(lead_id=lead_id)


def lead_dispatch(*, lead_id: int) -> bool:
    """Give the lead its owner and announce it, once. Return whether this call did."""
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("service", "owner")
            .filter(pk=lead_id, dispatched_at__isnull=True)
            .first()
        )
        if lead is None or lead.is_spam or lead.erased_at is not None:
            return False
        lead_auto_assign(lead=lead)
        announce(event=Event.NEW_LEAD, lead=lead)
        lead.dispatched_at = timezone.now()
        Lead.objects.filter(pk=lead.pk).update(dispatched_at=lead.dispatched_at)
    return True


def arrivals_dispatch_due(*, limit=500) -> int:
    """Dispatch the genuine leads no task dispatched, oldest first; how many."""
    waiting = (
        Lead.objects.filter(dispatched_at__isnull=True, is_spam=False)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(lead_dispatch(lead_id=pk) for pk in list(waiting))


def arrivals_backlog() -> str:
    """What waits for the sweep, for Admin > Background jobs."""
    waiting = Lead.objects.filter(dispatched_at__isnull=True, is_spam=False)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return "none waiting"
    minutes = int((timezone.now() - oldest).total_seconds() // 60)
    return f"{waiting.count()} waiting, oldest {minutes} min"
