"""A gunicorn worker killed mid-request loses no committed data and leaves nothing half
written; the master starts a new worker and the site answers again."""

import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core import signing

from leads import spam
from leads.models import Contact, Lead, LeadActivity
from scripts._server import (
    NO_MAIL_SERVER,
    free_port,
    production_env,
    start_gunicorn,
    wait_until_up,
)
from tests.support.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = production_env(
        # The same key as this process, so the form tokens signed here are valid there.
        secret_key=settings.SECRET_KEY,
        database_url=database_url(),
        site_url=f"http://127.0.0.1:{port}",
        AGENCY_LEADS_RATE_LIMIT_COUNT="100000",
        AGENCY_LEADS_NOTIFY_AFTER_COMMIT="0",
        DJANGO_STATIC_ROOT=str(tmp_path),
        **NO_MAIL_SERVER,
    )
    # One sync worker: the request under test is the one that worker is serving.
    process = start_gunicorn(
        port, env, "--workers", "1", "--log-level", "error", seconds=20
    )
    yield f"http://127.0.0.1:{port}", process
    process.terminate()
    process.wait(timeout=10)


def workers(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(base, number, token):
    """Send an enquiry; return True when the site answered with its thanks page."""
    data = urllib.parse.urlencode(
        {
            "name": f"Visitor {number}",
            "company": f"Company {number}",
            "email": f"visitor{number}@example.com",
            "message": f"Enquiry number {number}.",
            "preferred_contact": "any",
            "consent": "on",
            "token": token,
        }
    ).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(f"{base}/contact/", data=data, timeout=30)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error.code == 302 and error.headers["Location"].endswith("/thanks/")
    except OSError:
        return False  # the connection died with the worker: no answer
    return False


def token():
    value = spam.issue_token(issued_at=time.time() - 60)
    return value, signing.loads(value, salt=spam.SIGNING_SALT)["id"]


def assert_whole(lead, number):
    """Every part of an enquiry is there, or none is."""
    assert lead.name == f"Visitor {number}"
    assert lead.message == f"Enquiry number {number}."
    assert lead.contact is not None
    assert lead.contact.email == f"visitor{number}@example.com"
    assert LeadActivity.objects.filter(lead=lead, kind="created").count() == 1


def _kill_while_blocked(blocker, base, master, value, answered):
    cursor = blocker.cursor()
    cursor.execute(f"LOCK TABLE {LeadActivity._meta.db_table} IN SHARE MODE")
    request = threading.Thread(
        target=lambda: answered.setdefault("ok", submit(base, 99, value))
    )
    request.start()
    waiting = None
    for _ in range(100):
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid() AND datname = current_database()"
        )
        waiting = cursor.fetchall()
        if waiting:
            break
        time.sleep(0.1)
    assert waiting, "the enquiry never waited on the held table"
    (worker,) = workers(master)
    os.kill(worker, signal.SIGKILL)
    request.join(timeout=30)
    return worker


def test_worker_killed_mid_request_loses_nothing_committed(server):
    base, master = server
    sent = {}
    for number in range(5):
        value, token_id = token()
        sent[number] = (value, token_id, submit(base, number, value))
    assert all(ok for _value, _id, ok in sent.values())

    value, token_id = token()
    answered = {}
    # Hold the timeline table so the next enquiry stops inside its transaction: its
    # lead row written, not committed. Then kill the worker serving it.
    blocker = psycopg2.connect(database_url().replace("postgres://", "postgresql://"))
    try:
        worker = _kill_while_blocked(blocker, base, master, value, answered)
    finally:
        blocker.rollback()
        blocker.close()
    assert answered["ok"] is False  # no success answer for the killed request

    # The dead worker's transaction is all or nothing: either no trace of the enquiry,
    # or (had its COMMIT already reached PostgreSQL) the whole of it.
    time.sleep(0.5)
    stored = Lead.objects.filter(submission_token=token_id).first()
    if stored is None:
        assert not Contact.objects.filter(email="visitor99@example.com").exists()
        assert not LeadActivity.objects.filter(lead__name="Visitor 99").exists()
    else:
        assert_whole(stored, 99)

    # The master has started a new worker: the site answers, and the visitor's resend
    # of the same form (same token) makes its one lead.
    wait_until_up(base, seconds=20)
    assert workers(master) and workers(master) != [worker]
    assert submit(base, 99, value)
    assert submit(base, 99, value)  # a double click: still one lead
    sent[99] = (value, token_id, True)

    # Killed between requests too: the next ones are served and stored.
    os.kill(workers(master)[0], signal.SIGKILL)
    wait_until_up(base, seconds=20)
    for number in range(100, 105):
        value, token_id = token()
        sent[number] = (value, token_id, submit(base, number, value))
        assert sent[number][2]

    # Every success is stored, exactly once and whole.
    for number, (_value, token_id, ok) in sent.items():
        assert ok
        lead = Lead.objects.get(submission_token=token_id)
        assert_whole(lead, number)
    assert Lead.objects.count() == len(sent)
