"""A lead's arrival (owner, announcements) is the worker's; the lead row is the durable
part: with the queue away the enquiry is stored, and the each-minute sweep gives it its
owner and announces it, once."""

import time

import pytest
from huey.storage import RedisStorage

from agency.core.tasks import HUEY
from leads import spam
from leads.arrival import arrivals_dispatch_due, lead_dispatch
from leads.models import AssignmentRule, Delivery, Lead, NotificationChannel
from tests.factories import SalesFactory

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"


def fresh_token():
    return spam.issue_token(issued_at=time.time() - 60)


@pytest.fixture
def queue_down():
    """The web process queues into a Redis that is not there (port 1)."""
    storage, immediate = HUEY.storage, HUEY.immediate
    HUEY._immediate = False
    HUEY.storage = RedisStorage(
        HUEY.name, url="redis://127.0.0.1:1/0?socket_connect_timeout=1"
    )
    yield
    HUEY.storage, HUEY._immediate = storage, immediate


@pytest.fixture
def team():
    owner = SalesFactory(first_name="Sam", last_name="Li")
    rule = AssignmentRule.objects.create(name="All", weekdays=[])
    rule.members.set([owner])
    channel = NotificationChannel.objects.create(
        name="Chat",
        kind="slack",
        url="http://127.0.0.1:9/x",
        events=["new_lead", "assigned"],
    )
    return owner, channel


def test_with_the_queue_down_the_sweep_assigns_and_announces_once(
    client, form_data, queue_down, team
):
    owner, channel = team
    first = client.post(CONTACT, form_data(name="First", token=fresh_token()))
    second = client.post(CONTACT, form_data(name="Second", token=fresh_token()))
    assert first.status_code == second.status_code == 302
    leads = list(Lead.objects.order_by("created_at"))
    assert [lead.name for lead in leads] == ["First", "Second"]
    assert all(lead.dispatched_at is None and lead.owner is None for lead in leads)
    assert not Delivery.objects.exists()

    assert arrivals_dispatch_due() == 2
    for lead in leads:
        lead.refresh_from_db()
        assert lead.owner == owner and lead.dispatched_at is not None
        assert sorted(
            Delivery.objects.filter(lead=lead, channel=channel).values_list(
                "event", flat=True
            )
        ) == ["assigned", "new_lead"]
    # In the order they came: the first lead's announcements were written first.
    keys = list(
        Delivery.objects.filter(channel=channel, event="new_lead")
        .order_by("created_at", "pk")
        .values_list("lead__name", flat=True)
    )
    assert keys == ["First", "Second"]

    # The next sweep, or a late task, finds nothing left to do.
    assert arrivals_dispatch_due() == 0
    assert lead_dispatch(lead_id=leads[0].pk) is False
    assert Delivery.objects.count() == 4 + 2  # + "assigned to you" e-mails


def test_spam_is_never_dispatched(client, form_data, queue_down, team):
    client.post(CONTACT, form_data(website="http://spam.example"))  # the honeypot
    lead = Lead.objects.get()
    assert lead.is_spam
    assert arrivals_dispatch_due() == 0
    lead.refresh_from_db()
    assert lead.owner is None and not Delivery.objects.exists()
