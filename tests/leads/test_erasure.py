"""Erase means erased: after "Erase this person" nothing in the database, the page
cache or the logs identifies them, and the counts remain."""

import logging
import time
from urllib.parse import quote

import pytest
import redis
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client

from agency.site.models import SiteSettings
from leads import spam
from leads.models import (
    Activity,
    AssignmentRule,
    Contact,
    Delivery,
    Lead,
    LeadActivity,
    LeadEmail,
    NotificationChannel,
)
from tests.admin.forms import as_post, form_data
from tests.factories import PageFactory
from tests.support.caches import use_redis

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"
NAME = "Zebulon Quartermaine"
EMAIL = "zebulon.quartermaine@erase-me.example"
PHONE = "+86 139 1234 5678"
# Every form the person's data can take: as typed, in parts, normalised, URL-encoded.
NEEDLES = [
    NAME,
    "Quartermaine",
    EMAIL,
    "zebulon.quartermaine",
    "erase-me.example",
    quote(EMAIL),
    PHONE,
    "13912345678",
    "139 1234 5678",
]


@pytest.fixture
def redis_cache(settings):
    use_redis(settings, REDIS_URL, key_prefix="agency")
    settings.AGENCY_PAGE_CACHE = True
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    SiteSettings.load()
    yield client
    client.flushdb()


def text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            """
        )
        return cursor.fetchall()


def database_mentions(needles):
    """Every (table, column, needle) where a text column holds one of `needles`."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                # Names from information_schema, quoted; the needle is a parameter.
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.append((table, column, needle))
    return found


def cache_mentions(client, needles):
    found = []
    for key in client.scan_iter():
        kind = client.type(key)
        if kind == b"string":
            value = client.get(key) or b""
        elif kind == b"hash":
            value = repr(client.hgetall(key)).encode()
        else:
            value = repr(client.dump(key)).encode()
        for needle in needles:
            raw = needle.encode()
            if raw.lower() in key.lower() or raw.lower() in value.lower():
                found.append((key, needle))
    return found


def send_enquiry(visitor, message):
    token = spam.issue_token(issued_at=time.time() - 60)
    response = visitor.post(
        "/contact/",
        {
            "name": NAME,
            "company": "Quartermaine Trading",
            "email": EMAIL,
            "phone": PHONE,
            "budget": "50k_150k",
            "message": message,
            "preferred_contact": "any",
            "consent": "on",
            "website": "",
            "token": token,
            "page": f"/about/?email={quote(EMAIL)}&utm_campaign={quote(NAME)}",
            "article": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_erasing_a_person_leaves_nothing_that_identifies_them(
    redis_cache, admin_user, caplog
):
    caplog.set_level(logging.INFO)
    PageFactory(title="About", slug="about")
    visitor = Client()
    # A campaign link carrying the person's name and e-mail, from a page that does too.
    visitor.get(
        f"/about/?utm_source=newsletter&utm_term={quote(NAME)}&email={quote(EMAIL)}",
        HTTP_REFERER=f"https://partner.example/list?who={quote(EMAIL)}",
    )
    # Sales are told on a chat channel and leads are assigned: messages name the person.
    channel = NotificationChannel.objects.create(
        name="Team chat",
        kind=NotificationChannel.Kind.SLACK,
        url="http://127.0.0.1:9/hooks/down",  # nobody listens: the messages wait
        events=["new_lead", "assigned"],
    )
    rule = AssignmentRule.objects.create(name="All", weekdays=[])
    rule.members.set([admin_user])
    # They look themselves up on the site: a page the page cache keeps.
    assert visitor.get("/search/", {"q": EMAIL}).status_code == 200
    assert cache_mentions(redis_cache, [EMAIL]), "the search page was not kept"
    send_enquiry(visitor, f"Hello, this is {NAME}, call {PHONE}.")
    send_enquiry(visitor, f"{NAME} again: any news?")
    leads = list(Lead.objects.order_by("pk"))
    assert len(leads) == 2 and leads[0].contact_id

    # Sales work it in the admin: search by e-mail, export, change the status.
    staff = Client()
    staff.force_login(admin_user)
    found = staff.get("/admin/leads/lead/", {"q": EMAIL})
    assert NAME in found.content.decode()
    assert staff.get("/admin/leads/lead/export/", {"q": EMAIL}).status_code == 200
    url = f"/admin/leads/lead/{leads[0].pk}/change/"
    data = as_post(form_data(staff.get(url).content.decode(), "lead_form"))
    data["status"] = Lead.Status.CONTACTED
    data["phone"] = "+86 139 1234 5679"  # a typo fixed: the timeline records it
    data["planned-0-kind"] = "call"
    data["planned-0-due_at"] = "2030-01-07T10:00"
    data["planned-0-note"] = f"Call {NAME} back on {PHONE}."
    data["_save"] = "Save"
    assert staff.post(url, data).status_code == 302
    assert Activity.objects.filter(lead=leads[0], note__contains=PHONE).exists()
    # They are written to from the lead's page (the mail server is down: the e-mail
    # is logged only once sent, so log one as sent).
    LeadEmail.objects.create(
        lead=leads[0], to=EMAIL, subject=f"For {NAME}", body=f"Dear {NAME}, ..."
    )
    LeadActivity.objects.create(
        lead=leads[0], kind=LeadActivity.Kind.EMAILED, new_value=EMAIL, text=NAME
    )
    assert Delivery.objects.filter(channel=channel, lead=leads[0]).exists()
    url = f"/admin/leads/contact/{leads[0].contact_id}/change/"
    data = as_post(form_data(staff.get(url).content.decode(), "contact_form"))
    data["company"] = "Quartermaine Trading Co."
    data["_save"] = "Save"
    assert staff.post(url, data).status_code == 302
    assert LogEntry.objects.filter(object_repr__contains="Quartermaine").count() >= 2
    assert database_mentions([EMAIL])  # the search below can find what it looks for

    erase = staff.post(
        "/admin/leads/lead/",
        {
            "action": "erase_personal_data",
            "_selected_action": [leads[0].pk],
            "confirm": "yes",
        },
    )
    assert erase.status_code == 302

    assert database_mentions(NEEDLES) == []
    assert cache_mentions(redis_cache, NEEDLES) == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not [needle for needle in NEEDLES if needle.lower() in logged.lower()]
    # The counts remain: two anonymous leads, one anonymous contact, their history.
    assert Lead.objects.filter(erased_at__isnull=False).count() == 2
    assert Contact.objects.filter(erased_at__isnull=False).count() == 1
    entry = LogEntry.objects.get(object_id=str(leads[0].pk), content_type__model="lead")
    assert "(erased)" in entry.object_repr
    assert "Status" in entry.get_change_message()
    assert "Added activity" in entry.get_change_message()
    # The lead's history page still opens, naming no one.
    history = staff.get(f"/admin/leads/lead/{leads[0].pk}/history/")
    assert history.status_code == 200
    assert NAME not in history.content.decode().split('id="content"', 1)[1]
