"""Sales hear about every genuine lead, through a real SMTP server on loopback."""

import datetime
import email
import os
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from leads.models import Lead, LeadActivity, LeadNotification
from leads.notifications import (
    CHANNEL,
    backoff,
    build_message,
    notifications_send_due,
    safe_reply_to,
    wait_for_delivery_threads,
)
from tests.factories import LeadFactory, LeadNotificationFactory, ServiceFactory

CONTACT = "/contact/"
ROOT = Path(__file__).resolve().parents[2]


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=policy.default)


@pytest.mark.django_db(transaction=True)
def test_a_submission_becomes_one_lead_and_one_e_mail(smtp, form_data):
    smtp.start()
    ServiceFactory(name="Mini Program", slug="mini-program")
    response = Client().post(CONTACT, form_data(service="mini-program"))
    assert response.status_code == 302
    wait_for_delivery_threads()
    lead = Lead.objects.get()
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert sorted(envelope.rcpt_tos) == ["boss@agency.example", "sales@agency.example"]
    message = parsed(envelope)
    assert message["Subject"] == f"New lead #{lead.pk}: Mini Program (Contact page)"
    assert message["Reply-To"] == "li.wei@freshfoods.example"
    body = message.get_content()
    assert "Li Wei" in body
    assert "We want a mini program for ordering groceries." in body
    assert reverse("admin:leads_lead_change", args=[lead.pk]) in body
    notification = LeadNotification.objects.get()
    assert notification.state == LeadNotification.State.SENT
    assert notification.attempts == 1
    assert lead.activities.filter(kind=LeadActivity.Kind.NOTIFIED).exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_lead_is_kept_and_mailed_when_it_is_back(
    smtp, form_data
):
    # Nothing listens on the port yet: the server is down.
    response = Client().post(CONTACT, form_data())
    assert response.status_code == 302
    wait_for_delivery_threads()
    lead = Lead.objects.get()
    notification = LeadNotification.objects.get(lead=lead)
    assert notification.state == LeadNotification.State.PENDING
    assert notification.attempts == 1
    assert "Connection refused" in notification.last_error
    assert notification.next_attempt_at > lead.created_at

    # The worker respects the backoff while the server is still down...
    call_command("send_lead_notifications", "--now")
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.state == LeadNotification.State.PENDING

    # ...and delivers once it is back.
    smtp.start()
    assert notifications_send_due() == (0, 0)  # not due yet: backoff
    call_command("send_lead_notifications", "--now")
    notification.refresh_from_db()
    assert notification.state == LeadNotification.State.SENT
    assert notification.last_error == ""
    assert len(smtp.messages) == 1
    assert f"#{lead.pk}" in parsed(smtp.messages[0])["Subject"]

    # Nothing is sent twice.
    call_command("send_lead_notifications", "--now")
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_is_due(smtp):
    smtp.start()
    due = LeadNotificationFactory()
    later = LeadNotificationFactory(
        next_attempt_at=due.next_attempt_at + datetime.timedelta(hours=1)
    )
    call_command("send_lead_notifications")
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.state == LeadNotification.State.SENT
    assert later.state == LeadNotification.State.PENDING
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_spam_sends_no_e_mail(smtp, form_data):
    smtp.start()
    Client().post(CONTACT, form_data(website="filled"))
    wait_for_delivery_threads()
    assert Lead.objects.get().is_spam
    assert smtp.messages == []
    assert not LeadNotification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_restoring_spam_notifies_sales(smtp, form_data, salesperson):
    from leads.services import lead_mark_not_spam

    smtp.start()
    Client().post(CONTACT, form_data(website="filled"))
    lead = Lead.objects.get()
    lead_mark_not_spam(lead=lead, user=salesperson)
    wait_for_delivery_threads()
    assert len(smtp.messages) == 1
    lead.refresh_from_db()
    assert lead.contact is not None


@pytest.mark.django_db
def test_visitor_input_never_reaches_the_headers(settings):
    settings.AGENCY_SALES_EMAILS = ["sales@agency.example"]
    lead = LeadFactory(
        name="Evil\r\nBcc: victim@example.com",
        company="X\nSubject: hi",
        email="a@b.example",
    )
    # An address that slipped past validation with a header break is never used.
    lead.email = "a@b.example\r\nBcc: victim@example.com"
    message = build_message(lead).message()
    assert "Evil" not in message["Subject"]
    assert "victim" not in str(message["Bcc"] or "")
    assert message["Reply-To"] is None
    assert "Bcc" not in message


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("li@client.example", ["li@client.example"]),
        ("li@client.example\nBcc: x@y.z", []),
        ("Li <li@client.example>", []),
        ("a@b.example, c@d.example", []),
        ("", []),
    ],
)
def test_reply_to_is_only_one_valid_address(address, expected):
    assert safe_reply_to(address) == expected


def test_backoff_grows_and_is_capped():
    assert backoff(1) == 30
    assert backoff(2) == 60
    assert backoff(3) == 120
    assert backoff(50) == 3600


@pytest.mark.django_db
def test_no_recipients_is_a_recorded_failure_not_a_loss(settings):
    settings.AGENCY_SALES_EMAILS = []
    notification = LeadNotificationFactory()
    assert notifications_send_due() == (0, 1)
    notification.refresh_from_db()
    assert notification.state == LeadNotification.State.PENDING
    assert "AGENCY_SALES_EMAILS" in notification.last_error


@pytest.mark.django_db
def test_the_admin_shows_the_notification_state(sales_client):
    notification = LeadNotificationFactory(attempts=3, last_error="SMTP down")
    response = sales_client.get(
        reverse("admin:leads_lead_change", args=[notification.lead_id])
    )
    html = response.content.decode()
    assert "3 failed attempts" in html
    assert "SMTP down" in html
    listing = sales_client.get(reverse("admin:leads_lead_changelist")).content.decode()
    assert "retrying" in listing


@pytest.mark.django_db(transaction=True)
def test_the_worker_wakes_the_moment_a_lead_is_saved(smtp, form_data, settings):
    """No web-process thread (production): the lead's NOTIFY wakes the worker, which is
    otherwise asleep for two minutes, and the e-mail goes out within seconds."""
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    smtp.start()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agency.settings.production",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "AGENCY_SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "AGENCY_SALES_EMAILS": "sales@agency.example",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "send_lead_notifications", "--loop"]
        + ["--interval", "120"],
        cwd=ROOT,
        env=env,
    )
    try:
        listening = "SELECT 1 FROM pg_stat_activity WHERE query = %s"
        until(lambda: one_row(listening, [f"LISTEN {CHANNEL}"]), "worker listening")
        assert Client().post(CONTACT, form_data()).status_code == 302
        until(lambda: len(smtp.messages) == 1, "e-mail sent")
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    assert worker.returncode == 0  # a stop signal ends it cleanly
    notification = LeadNotification.objects.get()
    assert notification.state == LeadNotification.State.SENT
    assert notification.attempts == 1


def one_row(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def until(check, what, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"not within {seconds} s: {what}")
