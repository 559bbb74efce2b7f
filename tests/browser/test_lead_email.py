"""A salesperson writes to a lead from its page with a template, in a real browser; the
e-mail leaves through SMTP (a loopback server), the person's reply reaches the sales
mailbox (Dovecot on loopback), the worker files it, and both are on the timeline."""

import email
import email.policy
import re
from email.message import EmailMessage

import pytest
from playwright.sync_api import expect

from leads.models import EmailTemplate
from leads.replies import replies_fetch
from tests.factories import LeadFactory, SalesFactory, ServiceFactory
from tests.support.smtp import SmtpServer, free_port

from .conftest import admin_login


@pytest.fixture
def smtp(settings):
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    server.start()
    yield server
    server.stop()


def test_write_from_a_template_and_see_the_reply_on_the_timeline(
    open_page, smtp, mailbox
):
    EmailTemplate.objects.create(
        name="First reply",
        subject="Your {service} enquiry",
        body="Dear {name},\n\nCould we call this week?\n\n{owner}",
        subject_zh_hans="关于您咨询的{service}",
        body_zh_hans="{name}您好：",
    )
    sam = SalesFactory(
        username="sales-sam",
        first_name="Sam",
        last_name="Li",
        email="sam@agency.example",
    )
    lead = LeadFactory(
        name="Mia Wong",
        email="mia@harbour-bakery.example",
        service=ServiceFactory(name="Mini Program"),
        owner=sam,
    )

    page = open_page(1440, 900)
    admin_login(page, sam.username)
    page.goto(f"/admin/leads/lead/{lead.pk}/change/")
    page.get_by_role("link", name="Write an e-mail").click()
    page.get_by_label("Start from a template").select_option(label="First reply")
    page.get_by_role("button", name="Use it").click()
    expect(page.get_by_label("Subject")).to_have_value("Your Mini Program enquiry")
    expect(page.get_by_label("Text")).to_have_value(re.compile(r"^Dear Mia Wong,"))
    page.get_by_label("Text").fill("Dear Mia Wong,\n\nCould we call on Tuesday?\n\nSam")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "E-mail sent to mia@harbour-bakery.example"
    )

    [envelope] = smtp.messages
    sent = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert sent["Reply-To"] == "sam@agency.example"
    reply = EmailMessage()
    reply["From"] = "Mia Wong <mia@harbour-bakery.example>"
    reply["To"] = "sam@agency.example"
    reply["Subject"] = f"Re: {sent['Subject']}"
    reply["Message-ID"] = email.utils.make_msgid(domain="harbour-bakery.example")
    reply["In-Reply-To"] = sent["Message-ID"]
    reply.set_content("Tuesday at 10 is fine.")
    mailbox.deliver(bytes(reply))
    assert replies_fetch() == 1  # the worker's each-minute job

    page.reload()
    timeline = page.locator("fieldset, .inline-group").filter(has_text="Reply received")
    expect(timeline.first).to_contain_text("Your Mini Program enquiry")
    expect(page.get_by_text("E-mail sent", exact=True).first).to_be_visible()
    expect(page.get_by_text("Reply received", exact=True).first).to_be_visible()
