"""Leads keep the language of the page they were sent from, and each salesperson reads
the e-mails about them in their own language (issue #17).

The Chinese asserted is Django's own ("简体中文", the lead's language named in Chinese),
which holds whatever our catalogue has translated so far.
"""

import datetime
import email
import time
from email import policy

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agency.core.models import StaffPreference
from leads import spam
from leads.models import Lead, LeadDigest, LeadNotification
from leads.notifications import digest_send_due, notifications_send_due
from tests.admin.forms import as_post, form_data
from tests.factories import LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db

ZH = "zh-hans"
LI_NA = "li.na@agency.example"  # a salesperson who reads Chinese
SAM = "sam@agency.example"  # one who reads English
TEAM = "team@agency.example"  # a shared mailbox: no one's account


def contact_url(language):
    with translation.override(language):
        return reverse("leads:contact")


def fresh(form_data, **overrides):
    return form_data(token=spam.issue_token(issued_at=time.time() - 60), **overrides)


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=policy.default)


def salespeople():
    StaffPreference.objects.create(user=SalesFactory(email=LI_NA), language=ZH)
    StaffPreference.objects.create(user=SalesFactory(email=SAM), language="en")


def by_recipient(messages):
    return {tuple(sorted(m.rcpt_tos)): parsed(m) for m in messages}


def test_a_lead_records_the_language_of_the_page_it_was_sent_from(form_data):
    assert contact_url(ZH) == "/zh-hans/contact/"
    response = Client().post(contact_url(ZH), fresh(form_data, email="a@x.example"))
    assert response.status_code == 302
    Client().post(contact_url("en"), fresh(form_data, email="b@x.example"))
    assert dict(Lead.objects.values_list("email", "language")) == {
        "a@x.example": ZH,
        "b@x.example": "en",
    }


def test_sales_see_a_leads_language_filter_by_it_and_save_it(sales_client):
    chinese = LeadFactory(name="Wang Fang", language=ZH)
    LeadFactory(name="Tom Baker", language="en")
    listing = sales_client.get(
        reverse("admin:leads_lead_changelist"), {"language": ZH}
    ).content.decode()
    assert "Wang Fang" in listing
    assert "Tom Baker" not in listing

    url = reverse("admin:leads_lead_change", args=[chinese.pk])
    html = sales_client.get(url).content.decode()
    data = as_post(form_data(html, "lead_form"))
    assert data["language"] == [ZH]
    data["language"] = ["en"]
    data["status"] = ["contacted"]
    response = sales_client.post(url, data)
    assert response.status_code == 302
    chinese.refresh_from_db()
    assert (chinese.language, chinese.status) == ("en", "contacted")


@pytest.mark.django_db(transaction=True)
def test_each_salesperson_gets_the_new_lead_e_mail_in_their_own_language(
    smtp, form_data, settings
):
    settings.AGENCY_SALES_EMAILS = [LI_NA, SAM, TEAM]
    salespeople()
    smtp.start()
    sent = fresh(form_data, page=contact_url(ZH))
    assert Client().post(contact_url(ZH), sent).status_code == 302
    lead = Lead.objects.get()
    assert (lead.language, lead.placement) == (ZH, Lead.Placement.CONTACT_PAGE)

    messages = by_recipient(smtp.messages)
    assert set(messages) == {(LI_NA,), (SAM, TEAM)}
    chinese, english = messages[(LI_NA,)], messages[(SAM, TEAM)]
    assert "简体中文" in chinese.get_content()
    assert "Simplified Chinese" not in chinese.get_content()
    assert "Simplified Chinese" in english.get_content()
    with translation.override(ZH):
        subject = translation.gettext("New lead #%(id)s: %(service)s (%(placement)s)")
    assert chinese["Subject"].strip().startswith(subject.split("#")[0])
    assert english["Subject"].strip().startswith("New lead #")
    for message in (chinese, english):
        assert message["Reply-To"] == "li.wei@freshfoods.example"
        assert reverse("admin:leads_lead_change", args=[lead.pk]) in (
            message.get_content()
        )
    notification = LeadNotification.objects.get()
    assert notification.state == LeadNotification.State.SENT
    assert sorted(notification.delivered_to) == sorted([LI_NA, SAM, TEAM])


class RefusingInbox:
    """Keeps what it accepts; refuses mail for the addresses in `refused`."""

    def __init__(self, refused):
        self.messages = []
        self.refused = set(refused)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such mailbox today"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.mark.django_db(transaction=True)
def test_after_a_partial_failure_only_those_not_yet_told_are_sent_it(
    smtp, form_data, settings
):
    """One e-mail per language: when one is refused, the retry sends only that one,
    and the lead waits in the outbox until it is accepted (never lost, never twice)."""
    settings.AGENCY_SALES_EMAILS = [SAM, LI_NA]
    salespeople()
    inbox = smtp.inbox = RefusingInbox(refused=[LI_NA])
    smtp.start()
    Client().post(contact_url("en"), fresh(form_data))
    notification = LeadNotification.objects.get()
    assert notification.state == LeadNotification.State.PENDING
    assert notification.delivered_to == [SAM]
    assert "Recipients" in notification.last_error
    assert [m.rcpt_tos for m in inbox.messages] == [[SAM]]
    client = Client()
    client.force_login(SalesFactory())
    page = client.get(reverse("admin:leads_lead_change", args=[notification.lead_id]))
    assert f"Already sent to: {SAM}." in page.content.decode()

    inbox.refused.clear()
    assert notifications_send_due(ignore_backoff=True) == (1, 0)
    notification.refresh_from_db()
    assert notification.state == LeadNotification.State.SENT
    assert [m.rcpt_tos for m in inbox.messages] == [[SAM], [LI_NA]]
    assert "简体中文" not in parsed(inbox.messages[1]).get_content()  # an English lead
    assert "英语" in parsed(inbox.messages[1]).get_content()  # "English", in Chinese


@pytest.mark.django_db(transaction=True)
def test_the_daily_digest_goes_to_each_salesperson_in_their_own_language(
    smtp, settings
):
    settings.AGENCY_SALES_EMAILS = [LI_NA, SAM]
    settings.AGENCY_LEADS_DIGEST_HOUR = 0
    salespeople()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    LeadFactory(name="Wang Fang", created_at=midnight - datetime.timedelta(hours=2))
    smtp.start()
    assert digest_send_due() is True
    messages = by_recipient(smtp.messages)
    assert set(messages) == {(LI_NA,), (SAM,)}
    with translation.override(ZH):
        chinese_subject = translation.gettext(
            "Leads of %(day)s: %(new)s new, %(quarantined)s quarantined"
        )
    subject = messages[(LI_NA,)]["Subject"].strip()
    assert subject.startswith(chinese_subject.split("%")[0])
    assert "Wang Fang" in messages[(LI_NA,)].get_content()
    assert messages[(SAM,)]["Subject"].strip().startswith("Leads of ")
    digest = LeadDigest.objects.get()
    assert digest.sent_at is not None
    assert sorted(digest.delivered_to) == sorted([LI_NA, SAM])
    # Sent once: the next run finds it done.
    assert digest_send_due() is False
    assert len(smtp.messages) == 2
