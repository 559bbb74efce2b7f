"""The one background runner: its schedule, its record of each job, who sees it."""

import datetime

import pytest
from axes.models import AccessLog
from django.urls import reverse
from django.utils import timezone

from agency.core.models import PeriodicJob
from agency.core.tasks import HUEY, run_recorded, signin_log_trim
from tests.factories import LeadNotificationFactory

pytestmark = pytest.mark.django_db

EVERY_MINUTE = {
    "flush_counters",
    "lead_notifications",
    "lead_digest",
    # Speed to lead and the pipeline (#18, #19).
    "lead_arrivals",
    "lead_deliveries",
    "lead_response_escalation",
    "lead_personal_digests",
    "lead_replies",
}


def due_at(hour, minute):
    moment = datetime.datetime(2026, 3, 2, hour, minute)  # UTC, as the worker reads it
    return {task.name for task in HUEY.read_periodic(moment)}


def test_every_periodic_job_is_on_the_worker_schedule():
    """No cron to remember: retention and sign-in trimming daily, the rest each minute."""
    assert due_at(12, 7) == EVERY_MINUTE
    assert due_at(3, 30) == EVERY_MINUTE | {"lead_retention"}
    assert due_at(4, 10) == EVERY_MINUTE | {"signin_log_trim"}


def test_a_run_is_recorded_and_a_failure_is_kept_and_raised():
    run_recorded("probe", "each minute", lambda: "3 done")
    job = PeriodicJob.objects.get(name="probe")
    assert (job.runs, job.failures, job.last_result) == (1, 0, "3 done")
    assert job.last_succeeded_at is not None and job.last_failed_at is None

    def broken():
        raise ConnectionError("database away")

    with pytest.raises(ConnectionError):  # raised, so huey retries it
        run_recorded("probe", "each minute", broken)
    job.refresh_from_db()
    assert (job.runs, job.failures) == (2, 1)
    assert job.last_error == "ConnectionError: database away"
    assert job.last_failed_at > job.last_succeeded_at


def test_superusers_see_each_job_with_its_state_and_backlog(admin_client):
    LeadNotificationFactory()
    run_recorded("lead_notifications", "each minute", lambda: "0 sent, 1 failed")
    run_recorded("flush_counters", "each minute", lambda: "0 views moved")
    PeriodicJob.objects.filter(name="flush_counters").update(
        last_started_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    html = admin_client.get(reverse("admin:core_periodicjob_changelist")).content
    html = html.decode()
    assert "1 waiting, oldest 0 min" in html  # the outbox's backlog
    assert "0 sent, 1 failed" in html
    assert "late" in html  # flush_counters has not started for 10 minutes
    job = PeriodicJob.objects.get(name="lead_notifications")
    page = admin_client.get(reverse("admin:core_periodicjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # read-only


def test_editors_and_sales_do_not_see_the_worker(editor_client, sales_client):
    url = reverse("admin:core_periodicjob_changelist")
    assert editor_client.get(url).status_code == 403
    assert sales_client.get(url).status_code == 403
    assert b"periodicjob" not in sales_client.get(reverse("admin:index")).content


def test_the_sign_in_log_is_trimmed_to_its_days(settings):
    settings.AGENCY_SIGNIN_LOG_DAYS = 90
    old = AccessLog.objects.create(username="a", ip_address="192.0.2.1")
    AccessLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=91)
    )
    recent = AccessLog.objects.create(username="b", ip_address="192.0.2.2")
    assert signin_log_trim.call_local() == "1 sign-in records removed"
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert PeriodicJob.objects.get(name="signin_log_trim").runs == 1
