"""The outbox: every announcement delivered once, in order, within each channel's rate,
through outages, rate limits and refusals, with every attempt in the log.

The receivers are real HTTP servers on loopback (tests/support/receivers.py). Time is
driven through the sweep's `now=` parameter (and the receivers' clocks, which check the
signatures' timestamps) instead of sleeping through backoffs and rate windows.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from leads.erasure import leads_anonymise
from leads.models import Delivery, DeliveryAttempt, Event, NotificationChannel
from leads.outbox import (
    announce,
    deliveries_forget,
    delivery_send_again,
    outbox_backlog,
    outbox_send_due,
)
from leads.tasks import lead_deliveries
from tests.factories.leads import LeadFactory
from tests.factories.services import ServiceFactory
from tests.support.receivers import ERROR, RATE_LIMITED, UP
from tests.support.threads import run_together

Kind = NotificationChannel.Kind
State = Delivery.State


def seconds(count):
    return datetime.timedelta(seconds=count)


@pytest.fixture
def slack(receiver):
    return receiver(Kind.SLACK)


def slack_channel(server, **fields):
    return NotificationChannel.objects.create(
        name="Slack", kind=Kind.SLACK, url=server.url, **fields
    )


def lead_ids(server):
    """The lead of each accepted Slack message, from its admin link."""
    ids = []
    for body in server.accepted:
        path = body["text"].split("/admin/leads/lead/")[1]
        ids.append(int(path.split("/")[0]))
    return ids


def announced(count, event=Event.NEW_LEAD, **fields):
    """`count` leads, each saved and announced in its own transaction, as H2's
    services do; their ids in creation order."""
    ids = []
    for _ in range(count):
        with transaction.atomic():
            lead = LeadFactory(**fields)
            announce(event=event, lead=lead)
        ids.append(lead.pk)
    return ids


def most_in_a_minute(times):
    times = sorted(times)
    return max(
        (sum(1 for t in times if at - seconds(60) < t <= at) for at in times),
        default=0,
    )


@pytest.mark.django_db(transaction=True)
def test_announcing_twice_makes_one_delivery(slack):
    slack_channel(slack)
    lead = LeadFactory()

    first = announce(event=Event.NEW_LEAD, lead=lead)
    second = announce(event=Event.NEW_LEAD, lead=lead)

    assert [d.pk for d in first] == [d.pk for d in second]
    assert Delivery.objects.count() == 1
    assert len(slack.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_spam_is_never_announced(slack):
    slack_channel(slack)

    assert announce(event=Event.NEW_LEAD, lead=LeadFactory(is_spam=True)) == []
    assert Delivery.objects.count() == 0
    assert slack.accepted == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_lead_announces_nothing(slack):
    slack_channel(slack)

    with pytest.raises(RuntimeError), transaction.atomic():
        announce(event=Event.NEW_LEAD, lead=LeadFactory())
        raise RuntimeError("the lead's transaction fails")

    assert Delivery.objects.count() == 0
    assert slack.accepted == []


@pytest.mark.django_db(transaction=True)
def test_each_channel_announces_only_what_its_filters_take(slack):
    web = ServiceFactory(name="Web design")
    apps = ServiceFactory(name="Mini programs")
    chinese_search = slack_channel(slack, sources=["search"], languages=["zh-hans"])
    web_only = slack_channel(slack, events=[Event.NEW_LEAD, Event.BREACH])
    web_only.services.add(web)
    NotificationChannel.objects.create(
        name="Off", kind=Kind.SLACK, url=slack.url, active=False
    )

    def channels_of(lead, event=Event.NEW_LEAD):
        return {d.channel for d in announce(event=event, lead=lead)}

    assert channels_of(LeadFactory(source="search", language="zh-hans")) == {
        chinese_search
    }
    assert channels_of(LeadFactory(source="search", language="en")) == set()
    assert channels_of(LeadFactory(source="direct", service=web)) == {web_only}
    assert channels_of(LeadFactory(service=apps)) == set()
    assert channels_of(LeadFactory(service=web), Event.ASSIGNED) == set()


@pytest.mark.django_db(transaction=True)
def test_a_down_receiver_is_retried_with_backoff_and_the_log_shows_it(slack):
    slack.stop()
    slack_channel(slack)

    [delivery] = announce(event=Event.NEW_LEAD, lead=LeadFactory())

    delivery.refresh_from_db()
    first = delivery.tries.get()
    assert first.status_code is None and "Connection" in first.answer
    assert delivery.next_attempt_at == first.at + seconds(30)

    outbox_send_due(now=first.at + seconds(20))  # not due yet: no attempt
    assert delivery.tries.count() == 1

    outbox_send_due(now=first.at + seconds(31))  # still down: twice as long
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == first.at + seconds(31 + 60)

    slack.start()
    slack.mode = ERROR
    outbox_send_due(now=first.at + seconds(92))
    delivery.refresh_from_db()
    assert delivery.state == State.PENDING
    assert delivery.next_attempt_at == first.at + seconds(92 + 120)
    assert "HTTP 500" in delivery.last_error

    slack.mode = UP
    outbox_send_due(now=first.at + seconds(213))
    delivery.refresh_from_db()
    assert delivery.state == State.SENT
    log = list(delivery.tries.order_by("at").values_list("status_code", "answer"))
    assert [status for status, _answer in log] == [None, None, 500, 200]
    assert log[2][1] == "Internal Server Error" and log[3][1] == "ok"
    assert len(slack.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rate_limited_channel_waits_and_never_gives_up(receiver):
    server = receiver(Kind.WECOM)
    server.mode = RATE_LIMITED
    NotificationChannel.objects.create(name="W", kind=Kind.WECOM, url=server.url)
    [delivery] = announce(event=Event.NEW_LEAD, lead=LeadFactory())
    start = timezone.now()
    for minute in range(1, 8):
        outbox_send_due(now=start + seconds(61 * minute))
    delivery.refresh_from_db()
    assert delivery.attempts == 8
    assert delivery.state == State.PENDING
    assert "45009" in delivery.last_error
    assert delivery.next_attempt_at == start + seconds(61 * 7 + 60)

    server.mode = UP
    outbox_send_due(now=start + seconds(61 * 8 + 60))
    delivery.refresh_from_db()
    assert delivery.state == State.SENT
    assert len(server.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_given_up_then_sent_again_once_fixed(slack):
    channel = slack_channel(slack)
    NotificationChannel.objects.filter(pk=channel.pk).update(
        url=slack.url.replace(slack.token, "revoked")
    )
    [refused] = announce(event=Event.NEW_LEAD, lead=LeadFactory())
    start = timezone.now()
    for step in range(1, 6):
        outbox_send_due(now=start + seconds(3600 * step))

    refused.refresh_from_db()
    assert refused.state == State.FAILED
    assert refused.attempts == 4
    assert refused.tries.filter(status_code=403, answer="invalid_token").count() == 4

    NotificationChannel.objects.filter(pk=channel.pk).update(url=slack.url)
    assert delivery_send_again(delivery_ids=[refused.pk]) == 1

    refused.refresh_from_db()
    assert refused.state == State.SENT
    assert len(slack.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_a_later_message_never_overtakes_one_still_waiting(slack):
    slack.stop()
    slack_channel(slack)
    first, second = announced(2)
    head = Delivery.objects.get(lead_id=first)
    assert Delivery.objects.get(lead_id=second).attempts == 0  # waited its turn

    slack.start()
    outbox_send_due()  # the head is in its backoff: nothing goes, not even the second
    assert slack.accepted == []

    outbox_send_due(now=head.next_attempt_at)
    assert lead_ids(slack) == [first, second]


@pytest.mark.django_db(transaction=True)
def test_at_most_per_minute_messages_in_any_minute(slack):
    channel = slack_channel(slack, per_minute=5)

    ids = announced(12)  # each queued and tried at its commit

    assert lead_ids(slack) == ids[:5]
    later = timezone.now() + seconds(61)
    outbox_send_due(now=later)
    assert lead_ids(slack) == ids[:10]
    outbox_send_due(now=later + seconds(30))
    assert len(slack.accepted) == 10
    outbox_send_due(now=later + seconds(61))
    assert lead_ids(slack) == ids
    times = DeliveryAttempt.objects.filter(delivery__channel=channel)
    assert most_in_a_minute(times.values_list("at", flat=True)) == 5


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_twice(slack):
    slack.stop()
    slack_channel(slack, per_minute=100)
    ids = announced(30)
    slack.start()
    due = timezone.now() + seconds(3600)
    errors = []

    def worker():
        try:
            for _ in range(3):
                outbox_send_due(now=due)
        except Exception as error:  # reported below
            errors.append(error)

    run_together(worker, 4)

    assert errors == []
    assert lead_ids(slack) == ids


@pytest.mark.django_db(transaction=True)
def test_a_burst_while_every_chat_is_down_is_announced_once_in_order_within_limits(
    receiver,
):
    """The issue's burst: 200 leads while every receiver is down, all stored; then the
    receivers come back and the each-minute sweep (called with `now=` as the clock
    moves 15 s at a time, rather than sleeping ten minutes) announces each lead once,
    in creation order, never more than 20 in any 60 seconds per channel."""
    receivers = {
        server.kind: server
        for server in (
            receiver(Kind.WECOM),
            receiver(Kind.DINGTALK, secret="SECdingtalk"),
            receiver(Kind.FEISHU, secret="feishu-secret"),
            receiver(Kind.SLACK),
            receiver(Kind.WEBHOOK, secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        )
    }
    for kind, server in receivers.items():
        server.stop()  # an address, nobody answering
        NotificationChannel.objects.create(
            name=kind, kind=kind, url=server.url, secret=server.secret, per_minute=20
        )

    ids = announced(200)

    assert Delivery.objects.filter(state=State.PENDING).count() == 1000
    assert all(server.accepted == [] for server in receivers.values())

    clock = start = timezone.now() + seconds(3600)  # every backoff over
    for server in receivers.values():
        server.clock = lambda: clock.timestamp()
        server.start()
    for _ in range(200):
        outbox_send_due(now=clock)
        if not Delivery.objects.filter(state=State.PENDING).exists():
            break
        clock += seconds(15)

    assert Delivery.objects.filter(state=State.SENT).count() == 1000
    for kind, server in receivers.items():
        if kind == Kind.WEBHOOK:
            sent = [body["data"]["id"] for body in server.accepted]
        else:
            sent = [
                int(text.split("/admin/leads/lead/")[1].split("/")[0])
                for text in server.texts()
            ]
        assert sent == ids, kind  # each once, in order
        times = DeliveryAttempt.objects.filter(delivery__channel__kind=kind)
        assert most_in_a_minute(times.values_list("at", flat=True)) <= 20, kind
    # 200 messages at 20 a minute: ten minutes of the driven clock, not less.
    assert clock - start >= seconds(9 * 60)


# --- The delivery log -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_delivery_log_shows_attempts_and_answers_and_sends_again(
    slack, sales_client
):
    channel = slack_channel(slack)
    NotificationChannel.objects.filter(pk=channel.pk).update(
        url=slack.url.replace(slack.token, "revoked")
    )
    lead = LeadFactory()
    [delivery] = announce(event=Event.NEW_LEAD, lead=lead)
    start = timezone.now()
    for step in range(1, 4):
        outbox_send_due(now=start + seconds(3600 * step))
    delivery.refresh_from_db()
    assert delivery.state == State.FAILED

    log = sales_client.get(reverse("admin:leads_delivery_changelist")).content
    log = log.decode()
    assert "Gave up" in log
    assert reverse("admin:leads_lead_change", args=[lead.pk]) in log
    assert "invalid_token" in log

    page = sales_client.get(
        reverse("admin:leads_delivery_change", args=[delivery.pk])
    ).content.decode()
    assert page.count("invalid_token") >= 4  # each attempt's answer
    assert "403" in page
    assert 'name="payload"' not in page  # the message is not editable
    assert sales_client.get(reverse("admin:leads_delivery_add")).status_code == 403

    NotificationChannel.objects.filter(pk=channel.pk).update(url=slack.url)
    response = sales_client.post(
        reverse("admin:leads_delivery_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
        follow=True,
    )

    assert "1 message will be sent again" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.state == State.SENT
    assert lead_ids(slack) == [lead.pk]


@pytest.mark.django_db(transaction=True)
def test_an_erased_lead_is_never_sent_and_its_messages_are_blanked(slack):
    slack.stop()
    slack_channel(slack)
    erased, kept = announced(2)
    leads_anonymise(lead_ids=[erased])
    slack.start()

    outbox_send_due(now=timezone.now() + seconds(3600))

    assert lead_ids(slack) == [kept]  # and the erased one did not block it
    gone = Delivery.objects.get(lead_id=erased)
    assert gone.state == State.FAILED
    assert gone.payload == {}
    assert "erased" in gone.last_error
    assert delivery_send_again(delivery_ids=[gone.pk]) == 0

    assert deliveries_forget(lead_ids=[kept]) == 1
    assert Delivery.objects.get(lead_id=kept).payload == {}
    assert Delivery.objects.get(lead_id=kept).state == State.SENT


@pytest.mark.django_db(transaction=True)
def test_the_each_minute_job_sends_what_waits_and_reports_the_backlog(slack):
    slack.stop()
    slack_channel(slack)
    announced(1)
    assert "1 deliveries waiting" in outbox_backlog()
    Delivery.objects.update(next_attempt_at=timezone.now())
    slack.start()

    assert lead_deliveries.call_local() == "1 sent, 0 not sent"

    assert outbox_backlog() == "no deliveries waiting"
    assert len(slack.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_the_workers_lock_what_waits_without_reading_the_leads_table(slack, smtp):
    """What a worker locks (a channel's next message, a due notification) is read
    alone and its lead after, by its key: joined to the leads table, the planner, misled
    by statistics older than a burst of waiting messages, merged them with every lead
    in key order (three seconds a try at 1M leads, while a channel or the mail was
    down)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leads.models import LeadNotification
    from leads.notifications import notifications_send_due
    from tests.factories import LeadNotificationFactory

    slack.stop()
    slack_channel(slack)
    lead = LeadFactory()
    [delivery] = announce(event=Event.NEW_LEAD, lead=lead)
    notification = LeadNotificationFactory(lead=lead)
    slack.start()
    smtp.start()

    with CaptureQueriesContext(connection) as queries:
        outbox_send_due(now=timezone.now() + seconds(31))
        notifications_send_due()

    locking = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
    assert any('FROM "leads_delivery"' in sql for sql in locking)
    assert any('FROM "leads_leadnotification"' in sql for sql in locking)
    assert [sql for sql in locking if '"leads_lead"' in sql] == []
    # The lead read after is the lead all the same.
    assert lead_ids(slack) == [lead.pk]
    delivery.refresh_from_db()
    notification.refresh_from_db()
    assert delivery.state == State.SENT
    assert notification.state == LeadNotification.State.SENT
    assert len(smtp.messages) == 1
