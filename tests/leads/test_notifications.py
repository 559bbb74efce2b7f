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
import redis
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from huey.storage import RedisStorage

from agency.core.models import PeriodicJob
from agency.core.tasks import HUEY
from leads.models import Lead, LeadActivity, LeadNotification
from leads.notifications import (
    backoff,
    build_message,
    notifications_send_due,
    safe_reply_to,
)
from tests.factories import LeadFactory, LeadNotificationFactory, ServiceFactory
from tests.leads.conftest import free_port

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
def test_the_worker_sends_a_lead_the_moment_it_is_saved(smtp, form_data, worker):
    """The web process only queues the task (Redis); the worker process sends it within
    seconds, long before the minute sweep could (it leaves fresh ones for 60 s)."""
    worker.start(smtp)
    worker.queue_to(worker.redis_url)
    assert Client().post(CONTACT, form_data()).status_code == 302
    lead = Lead.objects.get()
    until(lambda: len(smtp.messages) == 1, "e-mail sent")
    until(sent_recorded, "sending recorded")  # the worker commits after the e-mail
    notification = LeadNotification.objects.get()
    assert notification.attempts == 1
    assert (notification.sent_at - lead.created_at).total_seconds() < 15
    assert worker.stop() == 0  # a stop signal ends it cleanly


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_lead_is_kept_and_mailed_once_the_worker_is_back(
    smtp, form_data, worker
):
    """Queueing is an optimisation: the outbox row in PostgreSQL is what is durable."""
    smtp.start()
    worker.queue_to(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens: down
    assert Client().post(CONTACT, form_data()).status_code == 302
    lead = Lead.objects.get()
    notification = LeadNotification.objects.get(lead=lead)
    assert notification.state == LeadNotification.State.PENDING
    assert notification.attempts == 0
    assert smtp.messages == []

    # Redis and the worker are back: its first sweep sends what the outbox holds.
    worker.start(smtp, started=False)
    until(lambda: len(smtp.messages) == 1, "e-mail sent")
    until(sent_recorded, "sending recorded")
    assert f"#{lead.pk}" in parsed(smtp.messages[0])["Subject"]
    time.sleep(1)
    assert len(smtp.messages) == 1
    notification.refresh_from_db()
    assert notification.state == LeadNotification.State.SENT
    assert notification.attempts == 1
    assert worker.stop() == 0


def sent_recorded():
    return LeadNotification.objects.filter(state=LeadNotification.State.SENT).exists()


class Worker:
    """`manage.py run_huey` in its own process, production settings, Redis db 12."""

    redis_url = os.environ.get(
        "AGENCY_TEST_TASKS_REDIS_URL", "redis://127.0.0.1:6379/12"
    )

    def __init__(self, settings):
        self.settings = settings
        self.process = None

    def queue_to(self, url):
        """Have this (the web) process queue tasks in the Redis at `url`."""
        # Not through `HUEY.immediate`, which would open the settings' queue first.
        HUEY._immediate = False
        HUEY.storage = RedisStorage(HUEY.name, url=f"{url}?socket_connect_timeout=1")

    def start(self, smtp, *, started=True):
        if started:
            smtp.start()
        redis.Redis.from_url(self.redis_url).flushdb()
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "agency.settings.production",
            "DJANGO_SECRET_KEY": self.settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "AGENCY_SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": self.redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "AGENCY_SALES_EMAILS": "sales@agency.example",
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey"], cwd=ROOT, env=env
        )
        # Ready once its first sweep (queued as it starts) has run.
        until(
            lambda: PeriodicJob.objects.filter(
                name="lead_notifications", last_succeeded_at__isnull=False
            ).exists(),
            "worker started",
            seconds=30,
        )

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.terminate()
        return self.process.wait(timeout=20)


@pytest.fixture
def worker(settings):
    worker = Worker(settings)
    storage, immediate = HUEY.storage, HUEY.immediate
    yield worker
    if worker.process is not None and worker.process.poll() is None:
        worker.process.kill()
        worker.process.wait()
    HUEY.storage, HUEY._immediate = storage, immediate


def until(check, what, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"not within {seconds} s: {what}")
