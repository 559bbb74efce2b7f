"""Each salesperson's morning digest: at their hour, once a day, only when there is
something, in their language, by e-mail (a real SMTP server on loopback) or into their
chat channel (a real WeCom robot receiver on loopback)."""

import datetime
import email
import email.policy
import zoneinfo

import pytest

from agency.core.models import StaffPreference
from leads.digest import digests_send_due, lead_personal_digests
from leads.models import (
    Activity,
    Delivery,
    Event,
    Lead,
    NotificationChannel,
    SalesProfile,
)
from tests.factories import LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TUESDAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _shanghai(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


def at(hour, minute=0, *, days=0):
    day = TUESDAY + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


def mails(smtp):
    """(to, subject, body) of each message the SMTP server accepted."""
    found = []
    for envelope in smtp.messages:
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        found.append(
            (
                envelope.rcpt_tos,
                str(message["Subject"]),
                message.get_body().get_content(),
            )
        )
    return found


@pytest.fixture
def mei():
    """Mei's day: a call overdue since yesterday, a meeting this afternoon and a new lead
    she has not tried; beside it, what is not hers to do today."""
    mei = SalesFactory(first_name="Mei", last_name="Chen", email="mei@agency.example")
    SalesProfile.objects.create(user=mei, digest_hour=8)
    other = SalesFactory()
    overdue = LeadFactory(name="Overdue Ou", owner=mei, first_attempt_at=at(9, days=-2))
    today = LeadFactory(name="Today Tian", owner=mei, first_attempt_at=at(9, days=-2))
    LeadFactory(name="New Niu", owner=mei, created_at=at(7, days=0))
    Activity.objects.create(lead=overdue, assignee=mei, due_at=at(15, days=-1))
    Activity.objects.create(
        lead=today, assignee=mei, due_at=at(14), kind=Activity.Kind.MEETING
    )
    # Not in her digest: done, someone else's, tomorrow's, tried, spam.
    Activity.objects.create(
        lead=today, assignee=mei, due_at=at(10, days=-1), done_at=at(11, days=-1)
    )
    Activity.objects.create(
        lead=LeadFactory(name="Other Ola"), assignee=other, due_at=at(7)
    )
    Activity.objects.create(lead=today, assignee=mei, due_at=at(10, days=1))
    LeadFactory(name="Tried Tang", owner=mei, first_attempt_at=at(7, days=-1))
    LeadFactory(name="Spam Shi", owner=mei, is_spam=True)
    LeadFactory(name="Won Wu", owner=mei, status=Lead.Status.WON)
    return mei


def test_at_her_hour_once_a_day_by_email(smtp, mei):
    smtp.start()
    assert digests_send_due(now=at(7, 59)) == 0
    assert smtp.messages == []

    assert digests_send_due(now=at(8, 1)) == 1
    [(to, subject, body)] = mails(smtp)
    assert to == ["mei@agency.example"]
    assert subject == "Your day: overdue 1, due today 1, new leads 1"
    assert "Overdue (1)" in body and "Overdue Ou" in body
    assert "Due today (1)" in body and "Meeting" in body and "Today Tian" in body
    assert "New leads not tried yet (1)" in body and "New Niu" in body
    assert "/admin/" in body  # each line links to its lead
    for name in ("Other Ola", "Tried Tang", "Spam Shi", "Won Wu"):
        assert name not in body
    delivery = Delivery.objects.get(event=Event.DIGEST)
    assert delivery.recipient == mei
    assert delivery.key == f"digest:{mei.pk}:2026-12-01"
    assert delivery.state == Delivery.State.SENT

    # The rest of the day: nothing more for her, however often the job runs (her
    # colleague's digest comes at nine, his default hour).
    for moment in (at(8, 2), at(12), at(23, 59)):
        digests_send_due(now=moment)
    assert to_mei(smtp) == 1

    # The next morning, again (the new lead still waits).
    digests_send_due(now=at(7, 30, days=1))
    assert to_mei(smtp) == 1
    digests_send_due(now=at(8, 0, days=1))
    assert to_mei(smtp) == 2


def to_mei(smtp):
    return sum(to == ["mei@agency.example"] for to, _s, _b in mails(smtp))


def test_nothing_to_say_no_message(smtp):
    smtp.start()
    idle = SalesFactory()
    assert digests_send_due(now=at(10)) == 0
    assert smtp.messages == []
    assert not Delivery.objects.exists()
    # Today is done for them: later runs do not look again.
    assert SalesProfile.objects.get(user=idle).digest_sent_on == TUESDAY


def test_without_a_profile_it_comes_at_nine(smtp):
    smtp.start()
    lin = SalesFactory(email="lin@agency.example")
    LeadFactory(name="New Niu", owner=lin)
    assert digests_send_due(now=at(8, 59)) == 0
    assert digests_send_due(now=at(9, 0)) == 1
    assert [to for to, _s, _b in mails(smtp)] == [["lin@agency.example"]]
    assert SalesProfile.objects.get(user=lin).digest_hour == 9


def test_only_active_salespeople_get_one(smtp, editor):
    smtp.start()
    gone = SalesFactory(is_active=False)
    LeadFactory(owner=gone)
    LeadFactory(owner=editor)
    assert digests_send_due(now=at(10)) == 0
    assert smtp.messages == []


def test_in_her_language(smtp, mei):
    smtp.start()
    StaffPreference.objects.create(user=mei, language="zh-hans")
    assert digests_send_due(now=at(8, 5)) == 1
    [(_to, _subject, body)] = mails(smtp)
    assert "已逾期 (1)" in body  # "Overdue"
    assert "2026年11月30日 15:00" in body  # the call's time, written the Chinese way
    assert "Overdue (1)" not in body


def test_into_her_chat_channel(smtp, mei, receiver):
    smtp.start()
    robot = receiver(NotificationChannel.Kind.WECOM)
    channel = NotificationChannel.objects.create(
        name="Sales group",
        kind=NotificationChannel.Kind.WECOM,
        url=robot.url,
        events=[],
    )
    SalesProfile.objects.filter(user=mei).update(
        digest_channel=channel, wecom_userid="meichen"
    )
    assert digests_send_due(now=at(8, 1)) == 1
    [body] = robot.accepted
    text = body["text"]
    assert "Overdue Ou" in text["content"] and "New Niu" in text["content"]
    assert text["mentioned_list"] == ["meichen"]
    assert smtp.messages == []  # not by e-mail as well


def test_an_inactive_chat_channel_falls_back_to_email(smtp, mei):
    smtp.start()
    channel = NotificationChannel.objects.create(
        name="Old group",
        kind=NotificationChannel.Kind.WECOM,
        url="http://127.0.0.1:9/",
        active=False,
    )
    SalesProfile.objects.filter(user=mei).update(digest_channel=channel)
    assert digests_send_due(now=at(8, 1)) == 1
    assert [to for to, _s, _b in mails(smtp)] == [["mei@agency.example"]]


def test_the_periodic_job_sends_whenever_the_hour_has_come(smtp, mei):
    smtp.start()
    SalesProfile.objects.filter(user=mei).update(digest_hour=0)
    # The job reads the real clock, not the fixture's Tuesday: from that day on, the
    # other salesperson's call of that morning is overdue and would be a digest too.
    Activity.objects.exclude(assignee=mei).delete()
    assert lead_personal_digests.call_local() == "1 sent"
    assert lead_personal_digests.call_local() == "0 sent"
    assert len(smtp.messages) == 1
