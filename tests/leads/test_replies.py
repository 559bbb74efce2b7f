"""A reply to sales' e-mail reaches the sales mailbox (a real IMAP server on loopback:
Dovecot) and the worker puts it on its lead: matched by the thread token, logged once,
the person counted as reached; other mail in the mailbox is left alone."""

import email
import email.policy
from email.message import EmailMessage

import pytest

from leads.emails import lead_email_send
from leads.models import LeadActivity, LeadEmail
from leads.replies import replies_fetch
from tests.factories import LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(smtp):
    """Sales wrote to Mia from her lead's page: the e-mail as it left (SMTP)."""
    smtp.start()
    owner = SalesFactory(email="mei@agency.example")
    lead = LeadFactory(name="Mia Wong", email="mia@harbour-bakery.example", owner=owner)
    lead_email_send(lead=lead, user=owner, subject="Your project", body="Dear Mia,")
    [envelope] = smtp.messages
    return lead, email.message_from_bytes(envelope.content, policy=email.policy.default)


def reply_to(original, *, subject=None, text="Thank you, Tuesday works for us."):
    reply = EmailMessage()
    reply["From"] = "Mia Wong <mia@harbour-bakery.example>"
    reply["To"] = original["Reply-To"]
    reply["Subject"] = subject if subject is not None else f"Re: {original['Subject']}"
    reply["Message-ID"] = email.utils.make_msgid(domain="harbour-bakery.example")
    reply["In-Reply-To"] = original["Message-ID"]
    reply["References"] = original["Message-ID"]
    reply.set_content(text)
    return bytes(reply)


def test_a_reply_is_put_on_its_lead_once(mailbox, sent):
    lead, original = sent
    mailbox.deliver(reply_to(original))

    assert replies_fetch() == 1
    reply = LeadEmail.objects.get(lead=lead, direction=LeadEmail.Direction.RECEIVED)
    assert reply.to == "mia@harbour-bakery.example"
    assert "Tuesday works for us" in reply.body
    assert LeadActivity.objects.filter(
        lead=lead, kind=LeadActivity.Kind.REPLIED
    ).exists()
    lead.refresh_from_db()
    assert lead.first_reached_at is not None
    # Read again next minute: nothing new.
    assert replies_fetch() == 0
    assert LeadEmail.objects.filter(direction="received").count() == 1


def test_a_client_that_rewrites_the_subject_is_still_matched(mailbox, sent):
    lead, original = sent
    mailbox.deliver(reply_to(original, subject="答复: 您的项目"))
    assert replies_fetch() == 1
    assert LeadEmail.objects.filter(lead=lead, direction="received").exists()


def test_other_mail_and_forged_tokens_are_left_alone(mailbox, sent):
    lead, original = sent
    newsletter = EmailMessage()
    newsletter["From"] = "news@vendor.example"
    newsletter["Subject"] = "Our autumn offers"
    newsletter["Message-ID"] = email.utils.make_msgid(domain="vendor.example")
    newsletter.set_content("Buy now.")
    mailbox.deliver(bytes(newsletter))
    forged = EmailMessage()
    forged["From"] = "someone@else.example"
    forged["Subject"] = f"Re: Your project [L{lead.pk}-0123456789]"
    forged["Message-ID"] = email.utils.make_msgid(domain="else.example")
    forged.set_content("Guessing a token.")
    mailbox.deliver(bytes(forged))

    assert replies_fetch() == 0
    assert not LeadEmail.objects.filter(direction="received").exists()


def test_no_mailbox_configured_reads_nothing(settings):
    settings.AGENCY_LEADS_IMAP_URL = ""
    assert replies_fetch() == 0


def test_sales_read_the_thread_on_the_lead_page(mailbox, sent, sales_client):
    lead, original = sent
    mailbox.deliver(
        reply_to(original, text="Tuesday works.\n<script>alert(1)</script>")
    )
    replies_fetch()

    html = sales_client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    thread = html.split('class="js-inline-admin-formset inline-group"')
    [emails] = [part for part in thread if "lead-emails" in part]
    assert "Dear Mia," in emails  # what sales sent
    assert "Reply received" in emails and "mia@harbour-bakery.example" in emails
    assert "Tuesday works." in emails
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in emails
