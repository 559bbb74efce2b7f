"""The outbox that tells sales where they look: channels and persons, never twice.

`announce` and `send_to_person` write a `Delivery` inside the transaction of what they
announce, under a unique key, so announcing twice is one message and a rolled-back lead
announces nothing. At commit a task is queued for the worker (agency/core/tasks.py);
whatever it does not send, the `lead_deliveries` sweep (each minute) does.

A channel's deliveries go out in the order they were written: the oldest waiting one
is the head, and nothing behind it goes before it (the head waits out its backoff, and
the rest with it). A channel sends at most `per_minute` messages in any 60 seconds,
counted from its attempts, as WeCom and DingTalk robots accept 20 a minute. The
channel's row is locked while one of its deliveries is sent (`FOR UPDATE SKIP LOCKED`
on PostgreSQL), so two workers never send one twice nor out of order.

A platform that is down or rate limits us is retried without end (30 s doubling to 1 h,
or a minute after "too fast"); one that refuses the message (a 4xx, a bad signature)
is tried `REFUSALS_BEFORE_GIVING_UP` times and then given up (FAILED), which the
delivery log shows with every attempt and answer; "Send again" there queues it anew.
"""

import datetime
import logging
import time
from functools import partial

from django.db import transaction
from django.utils import timezone, translation

from agency.core.admin_language import preferred_language
from agency.core.tasks import enqueue, task

from . import channels as platforms
from . import messages
from .models import Delivery, DeliveryAttempt, Event, NotificationChannel
from .notifications import backoff

logger = logging.getLogger(__name__)

REFUSALS_BEFORE_GIVING_UP = 4
RATE_LIMIT_WAIT_SECONDS = 60
WINDOW_SECONDS = 60

Kind = NotificationChannel.Kind
State = Delivery.State


# --- Writing deliveries ----------------------------------------------------------------


def announce(*, event: str, lead, occurrence="") -> list[Delivery]:
    """One delivery per active channel that announces `event` and whose filters take
    `lead`; call inside the transaction that saves it. Spam is never announced.

    An event that can happen to a lead more than once (a stage change) names its
    `occurrence` (its timeline entry), so each is announced once."""
    if lead.is_spam or lead.erased_at is not None:
        return []
    deliveries = []
    for channel in NotificationChannel.objects.filter(active=True).prefetch_related(
        "services"
    ):
        if not channel_takes(channel, event=event, lead=lead):
            continue
        with translation.override(channel.language):
            title, lines = messages.standard_message(event=event, lead=lead)
            payload = messages.build_payload(
                event=event,
                lead=lead,
                title=title,
                lines=lines,
                language=channel.language,
                mention=lead.owner if channel.mention_owner else None,
            )
        deliveries.append(
            Delivery(
                key=f"{event}:{lead.pk}:{channel.pk}"
                + (f":{occurrence}" if occurrence else ""),
                channel=channel,
                event=event,
                lead=lead,
                payload=payload,
            )
        )
    if deliveries:
        deliveries = _store(deliveries)
        _queue_at_commit(deliveries)
    return deliveries


def send_to_person(
    *,
    user,
    event: str,
    key: str,
    lead=None,
    title: str = "",
    lines=(),
    channel=None,
) -> Delivery | None:
    """A message to one person: by e-mail to `user.email`, or into the chat `channel`
    mentioning them, in their own admin language (an inactive or e-mail channel:
    by e-mail). With `lead` and no `title`, the
    event's standard text for the lead. None when there is nowhere to send it (no
    address, an inactive channel) or the lead is spam."""
    if lead is not None and (lead.is_spam or lead.erased_at is not None):
        return None
    if channel is not None and (not channel.active or channel.kind == Kind.EMAIL):
        channel = None  # an e-mail list is not the person's own: their address is
    if channel is None and not (user.email or "").strip():
        return None
    language = preferred_language(user)
    with translation.override(language):
        if lead is not None and not title:
            title, lines = messages.standard_message(event=event, lead=lead)
        payload = messages.build_payload(
            event=event,
            lead=lead,
            title=str(title),
            lines=[str(line) for line in lines],
            language=language,
            mention=user if channel is not None else None,
        )
    [delivery] = _store(
        [
            Delivery(
                key=key[:120],
                channel=channel,
                recipient=user,
                event=event,
                lead=lead,
                payload=payload,
            )
        ]
    )
    _queue_at_commit([delivery])
    return delivery


def _store(deliveries):
    """Insert the deliveries in one statement; a key already stored keeps its row as
    it is (announcing twice is one message). Each object gets its row's id."""
    return Delivery.objects.bulk_create(
        deliveries,
        # A no-op update, so that the database returns the id of a row already there.
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["key"],
    )


def channel_takes(channel, *, event, lead) -> bool:
    """Whether `channel` announces `event` for `lead` (an empty filter takes any)."""
    if event not in (channel.events or []):
        return False
    if channel.sources and lead.source not in channel.sources:
        return False
    if channel.languages and lead.language not in channel.languages:
        return False
    services = {service.pk for service in channel.services.all()}
    return not services or lead.service_id in services


def test_message(*, channel) -> Delivery:
    """Queue a test message into `channel` (the admin's "Send a test message")."""
    delivery = Delivery.objects.create(
        key=f"test:{channel.pk}:{time.time_ns()}",
        channel=channel,
        event=Event.TEST,
        payload=messages.test_payload(channel=channel),
    )
    _queue_at_commit([delivery])
    return delivery


def _queue_at_commit(deliveries):
    channel_ids = sorted({d.channel_id for d in deliveries if d.channel_id})
    person_ids = [d.pk for d in deliveries if not d.channel_id]
    transaction.on_commit(
        partial(enqueue, deliveries_send, channel_ids, person_ids), robust=True
    )


@task()
def deliveries_send(channel_ids, delivery_ids):
    """The worker's first go at fresh deliveries (the sweep takes what remains)."""
    for channel_id in channel_ids:
        channel_send_due(channel_id=channel_id)
    for delivery_id in delivery_ids:
        person_send(delivery_id=delivery_id)


# --- Sending -------------------------------------------------------------------------


def outbox_send_due(*, now=None) -> tuple[int, int]:
    """Send what is due in every channel and to every person; (sent, not sent).

    `now` lets a test drive the clock (the rate window, backoff) without sleeping."""
    sent = failed = 0
    channel_ids = (
        Delivery.objects.filter(state=State.PENDING, channel__isnull=False)
        .order_by()
        .values_list("channel_id", flat=True)
        .distinct()
    )
    for channel_id in sorted(set(channel_ids)):
        ok, not_ok = channel_send_due(channel_id=channel_id, now=now)
        sent, failed = sent + ok, failed + not_ok
    due = Delivery.objects.filter(
        state=State.PENDING,
        channel__isnull=True,
        next_attempt_at__lte=now or timezone.now(),
    ).order_by("created_at", "pk")
    for delivery_id in due.values_list("pk", flat=True)[:500]:
        result = person_send(delivery_id=delivery_id, now=now)
        if result is not None:
            sent, failed = (sent + 1, failed) if result else (sent, failed + 1)
    return sent, failed


def channel_send_due(*, channel_id, now=None) -> tuple[int, int]:
    """Send a channel's waiting deliveries in order while they are due and its rate
    allows; stop at the first that fails. (sent, failed)."""
    sent = 0
    while True:
        moment = now or timezone.now()
        with transaction.atomic():
            channel = (
                NotificationChannel.objects.select_for_update(skip_locked=True)
                .filter(pk=channel_id, active=True)
                .first()
            )
            if channel is None:  # another worker is sending its deliveries, or off
                return sent, 0
            # The head alone, its lead read after by its key: joined to the leads
            # table, the planner, misled by statistics older than a burst of waiting
            # deliveries, merged it with the whole of that table in key order (three
            # seconds at 1M leads, on every attempt while a channel was down).
            head = (
                Delivery.objects.select_for_update()
                .filter(channel=channel, state=State.PENDING)
                .order_by("created_at", "pk")
                .first()
            )
            if head is None or head.next_attempt_at > moment:
                return sent, 0
            if sent_in_window(channel, now=moment) >= max(channel.per_minute, 1):
                return sent, 0
            result = _attempt(head, channel=channel, now=moment)
            if result is None:  # not sendable (its lead erased): the next one's turn
                continue
            if not result:
                return sent, 1
            sent += 1


def sent_in_window(channel, *, now) -> int:
    """The channel's attempts in the 60 seconds before `now` (the rolling minute)."""
    return DeliveryAttempt.objects.filter(
        delivery__channel=channel,
        at__gt=now - datetime.timedelta(seconds=WINDOW_SECONDS),
        at__lte=now,
    ).count()


def person_send(*, delivery_id, now=None) -> bool | None:
    """Send one e-mail to a person now if due; None when not due or being sent."""
    moment = now or timezone.now()
    with transaction.atomic():
        delivery = (
            # Alone, as the channel's head (channel_send_due): its lead read after.
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                pk=delivery_id,
                state=State.PENDING,
                channel__isnull=True,
                next_attempt_at__lte=moment,
            )
            .first()
        )
        if delivery is None:
            return None
        return _attempt(delivery, channel=None, now=moment)


def _attempt(delivery, *, channel, now) -> bool | None:
    """Send one locked delivery; record the attempt and what comes next. None when it
    must not be sent at all."""
    if delivery.lead is not None and delivery.lead.erased_at is not None:
        _forget(Delivery.objects.filter(pk=delivery.pk))
        return None
    if channel is not None:
        answer = platforms.deliver(
            channel=channel, delivery=delivery, now=now.timestamp()
        )
    elif delivery.recipient is not None and delivery.recipient.email:
        answer = platforms.deliver_email(
            address=delivery.recipient.email, payload=delivery.payload
        )
    else:
        answer = platforms.Answer(platforms.REFUSED, text="No e-mail address.")
    DeliveryAttempt.objects.create(
        delivery=delivery,
        at=now,
        ok=answer.ok,
        status_code=answer.status_code,
        answer=answer.text,
        duration_ms=answer.duration_ms,
    )
    delivery.attempts += 1
    if answer.ok:
        delivery.state = State.SENT
        delivery.sent_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = _error_text(answer)
        if answer.verdict == platforms.RATE_LIMITED:
            wait = RATE_LIMIT_WAIT_SECONDS
        else:
            wait = backoff(delivery.attempts)
        delivery.next_attempt_at = now + datetime.timedelta(seconds=wait)
        if (
            answer.verdict == platforms.REFUSED
            and delivery.attempts >= REFUSALS_BEFORE_GIVING_UP
        ):
            delivery.state = State.FAILED
        logger.warning(
            "Delivery %s (%s) not sent, attempt %s: %s",
            delivery.pk,
            delivery.key,
            delivery.attempts,
            delivery.last_error,
        )
    delivery.save(
        update_fields=["state", "attempts", "sent_at", "last_error", "next_attempt_at"]
    )
    return answer.ok


def _error_text(answer):
    status = f"HTTP {answer.status_code}: " if answer.status_code else ""
    return f"{answer.verdict}: {status}{answer.text}"[:1000]


def delivery_send_again(*, delivery_ids) -> int:
    """Queue given-up (or waiting) deliveries again, due now; the number queued.

    A channel's order stays by creation: one sent again goes before later ones. Its
    attempts count from zero again (so a refusal gets its few tries); the log keeps
    every earlier attempt. A message whose lead was erased stays given up."""
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update(of=("self",))
            .filter(pk__in=delivery_ids)
            .exclude(state=State.SENT)
            .exclude(lead__erased_at__isnull=False)
        )
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            state=State.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        if deliveries:
            _queue_at_commit(deliveries)
    return len(deliveries)


def deliveries_forget(*, lead_ids) -> int:
    """Blank the messages about these leads (their name and company), for erasure;
    those still waiting are given up, never sent. The number of deliveries."""
    return _forget(Delivery.objects.filter(lead_id__in=list(lead_ids)))


def _forget(deliveries):
    deliveries.filter(state=State.PENDING).update(
        state=State.FAILED,
        last_error="Not sent: the lead's personal data was erased.",
    )
    return deliveries.update(payload={})


def outbox_backlog() -> str:
    """What waits in the outbox, and since when (for Admin > Background jobs)."""
    waiting = Delivery.objects.filter(state=State.PENDING)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return "no deliveries waiting"
    minutes = int((timezone.now() - oldest).total_seconds() // 60)
    return f"{waiting.count()} deliveries waiting, oldest {minutes} min"
