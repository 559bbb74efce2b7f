"""A lead moving along the pipeline is sent to the webhooks that ask for it (a CRM's
link to Zapier, n8n or an ERP): "stage changed" on each move, "won" or "lost" when it
closes, each once, signed as Standard Webhooks says (the loopback receiver checks)."""

import base64
import secrets

import pytest

from leads.models import Delivery, Event, Lead, LostReason, NotificationChannel
from leads.services import lead_set_status
from tests.admin.forms import as_post, form_data
from tests.factories import LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook(receiver):
    server = receiver(
        NotificationChannel.Kind.WEBHOOK,
        secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode(),
    )
    NotificationChannel.objects.create(
        name="ERP",
        kind=NotificationChannel.Kind.WEBHOOK,
        url=server.url,
        secret=server.secret,
        events=[Event.STAGE, Event.WON, Event.LOST],
    )
    return server


def test_each_move_is_sent_once_and_closing_says_won_or_lost(webhook):
    sam = SalesFactory()
    lead = LeadFactory(name="Mia Wong", owner=sam)
    lead_set_status(lead=lead, status=Lead.Status.CONTACTED, user=sam)
    lead_set_status(lead=lead, status=Lead.Status.QUALIFIED, user=sam)
    lead_set_status(lead=lead, status=Lead.Status.WON, user=sam)

    types = [body["type"] for body in webhook.accepted]
    assert types == [
        "lead.stage_changed",
        "lead.stage_changed",
        "lead.stage_changed",
        "lead.won",
    ]
    assert all(body["data"]["id"] == lead.pk for body in webhook.accepted)
    # Saying the same stage again is no move: nothing more is sent.
    assert lead_set_status(lead=lead, status=Lead.Status.WON, user=sam) is False
    assert Delivery.objects.filter(lead=lead).count() == 4


def test_a_lead_lost_in_the_admin_is_sent_with_its_reason(client, webhook):
    sam = SalesFactory()
    reason = LostReason.objects.create(name="Budget too small")
    lead = LeadFactory(name="Tom Baker", owner=sam)
    client.force_login(sam)
    url = f"/admin/leads/lead/{lead.pk}/change/"
    data = as_post(form_data(client.get(url).content.decode(), "lead_form"))
    data.update(status="lost", lost_reason=str(reason.pk), _save="Save")
    assert client.post(url, data).status_code == 302

    assert [body["type"] for body in webhook.accepted] == [
        "lead.stage_changed",
        "lead.lost",
    ]


def test_chat_channels_say_it_in_words(receiver):
    server = receiver(NotificationChannel.Kind.SLACK)
    NotificationChannel.objects.create(
        name="Wins",
        kind=NotificationChannel.Kind.SLACK,
        url=server.url,
        events=[Event.WON],
    )
    sam = SalesFactory()
    lead = LeadFactory(name="Mia Wong", owner=sam)
    lead_set_status(lead=lead, status=Lead.Status.WON, user=sam)
    assert len(server.accepted) == 1
    assert f"Lead #{lead.pk} won" in server.texts()[0]
