"""Sales write to the person from the lead's page: a template in the lead's language
with its placeholders filled, sent through the site's SMTP (a real server on loopback)
with the owner as Reply-To and the lead's reference in the subject, and kept on the
lead's timeline as an e-mail done (its first attempt)."""

import email

import pytest

from leads.models import Activity, EmailTemplate, LeadActivity, LeadEmail
from tests.factories import EditorFactory, LeadFactory, SalesFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return EmailTemplate.objects.create(
        name="First reply",
        subject="Your {service} project",
        body="Dear {name},\n\nThank you for writing to us about {company}.\n\n{owner}",
        subject_zh_hans="关于您的{service}项目",
        body_zh_hans="{name}您好：\n\n感谢您的来信。\n\n{owner}",
    )


@pytest.fixture
def lead():
    owner = SalesFactory(first_name="Mei", last_name="Lin", email="mei@agency.example")
    return LeadFactory(
        name="Mia Wong",
        company="Harbour Bakery",
        email="mia@harbour-bakery.example",
        service=ServiceFactory(name="Mini Program"),
        owner=owner,
    )


def test_a_salesperson_writes_from_a_template_and_it_is_sent_and_logged(
    client, smtp, template, lead
):
    smtp.start()
    client.force_login(lead.owner)
    url = f"/admin/leads/lead/{lead.pk}/email/"

    page = client.get(url, {"template": template.pk}).content.decode()
    assert "Your Mini Program project" in page
    assert "Dear Mia Wong," in page and "Mei Lin" in page

    response = client.post(
        url,
        {"subject": "Your Mini Program project", "body": "Dear Mia Wong,\n\nHello."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/leads/lead/{lead.pk}/change/"

    [envelope] = smtp.messages
    message = email.message_from_bytes(envelope.content)
    sent = LeadEmail.objects.get(lead=lead)
    assert envelope.rcpt_tos == ["mia@harbour-bakery.example"]
    assert message["Reply-To"] == "mei@agency.example"
    assert message["Subject"] == f"Your Mini Program project [L{lead.pk}-{sent.token}]"
    assert message["X-Agency-Lead"] == f"{lead.pk}-{sent.token}"
    assert LeadActivity.objects.filter(
        lead=lead, kind=LeadActivity.Kind.EMAILED, text="Your Mini Program project"
    ).exists()
    assert Activity.objects.get(lead=lead).kind == Activity.Kind.EMAIL
    lead.refresh_from_db()
    assert lead.first_attempt_at is not None and lead.first_reached_at is None
    # On the lead's page: the timeline says so.
    page = client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "E-mail sent" in page


def test_a_chinese_lead_gets_the_chinese_template(client, template, lead):
    lead.language = "zh-hans"
    lead.save()
    client.force_login(lead.owner)
    page = client.get(
        f"/admin/leads/lead/{lead.pk}/email/", {"template": template.pk}
    ).content.decode()
    assert "关于您的Mini Program项目" in page
    assert "Mia Wong您好" in page


def test_mail_server_down_keeps_the_text_and_logs_nothing(client, smtp, lead):
    client.force_login(lead.owner)  # the loopback server is not started: refused
    response = client.post(
        f"/admin/leads/lead/{lead.pk}/email/",
        {"subject": "Hello", "body": "Dear Mia, about your project."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The mail server did not take the e-mail" in page
    assert "Dear Mia, about your project." in page
    assert not LeadEmail.objects.exists()
    assert not LeadActivity.objects.filter(kind=LeadActivity.Kind.EMAILED).exists()


def test_no_address_and_bad_input_are_said_plainly(client, lead):
    client.force_login(lead.owner)
    url = f"/admin/leads/lead/{lead.pk}/email/"
    assert "Subject" in client.post(url, {"subject": "", "body": ""}).content.decode()
    lead.email = ""
    lead.save()
    page = client.get(url).content.decode()
    assert "This lead has no e-mail address to write to." in page


def test_editors_cannot_write_to_leads(client, lead, template):
    client.force_login(EditorFactory())
    assert client.get(f"/admin/leads/lead/{lead.pk}/email/").status_code == 403
    assert (
        client.post(
            f"/admin/leads/lead/{lead.pk}/email/", {"subject": "x", "body": "y"}
        ).status_code
        == 403
    )
    assert not LeadEmail.objects.exists()
