"""Each spam rule marks the lead as spam and keeps it."""

import time

import pytest
from django.urls import reverse

from leads import spam
from leads.models import BlockedDomain, BlockedPhrase, Lead
from tests.factories import BlockedDomainFactory, BlockedPhraseFactory

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"


def only_lead():
    lead = Lead.objects.get()
    assert lead.is_spam
    assert not hasattr(lead, "notification") or lead.notification is None
    return lead


def reasons(lead):
    return set(lead.spam_reasons.split(","))


def test_a_clean_submission_is_not_spam(client, form_data):
    client.post(CONTACT, form_data())
    lead = Lead.objects.get()
    assert not lead.is_spam
    assert lead.spam_reasons == ""
    assert lead.notification is not None


def test_the_honeypot_marks_spam_and_the_robot_sees_success(client, form_data):
    response = client.post(CONTACT, form_data(website="http://buy.example"))
    assert response.status_code == 302
    assert reasons(only_lead()) == {"honeypot"}


def test_a_form_sent_too_fast_is_spam(client, form_data):
    response = client.post(CONTACT, form_data(token=spam.issue_token()))
    assert response.status_code == 302
    assert reasons(only_lead()) == {"too_fast"}


def test_a_forged_token_is_spam(client, form_data, token):
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client.post(CONTACT, form_data(token=forged))
    assert reasons(only_lead()) == {"no_token"}


def test_a_token_signed_for_something_else_is_refused():
    from django.core import signing

    other = signing.dumps({"id": "0" * 32, "t": int(time.time()) - 60}, salt="other")
    assert spam.read_token(other) == (None, None)


def test_over_the_rate_limit_the_lead_is_spam_and_the_visitor_gets_429(
    client, form_data, settings
):
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 2
    for _n in range(2):
        data = form_data(token=spam.issue_token(issued_at=time.time() - 60))
        assert client.post(CONTACT, data, REMOTE_ADDR="198.51.100.7").status_code == 302
    data = form_data(token=spam.issue_token(issued_at=time.time() - 60))
    response = client.post(CONTACT, data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "leads/rate_limited.html" in [t.name for t in response.templates]
    assert "Too many enquiries" in response.content.decode()
    # Seconds until the address's window ends: at most the window, counted from the
    # first enquiry (a slow machine has spent a second or two of it already).
    retry_after = int(response["Retry-After"])
    assert retry_after > settings.AGENCY_LEADS_RATE_LIMIT_WINDOW - 30
    assert retry_after <= settings.AGENCY_LEADS_RATE_LIMIT_WINDOW
    assert Lead.objects.count() == 3
    last = Lead.objects.order_by("-pk").first()
    assert reasons(last) == {"rate_limit"}
    # Another address is not limited.
    other = form_data(token=spam.issue_token(issued_at=time.time() - 60))
    assert client.post(CONTACT, other, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_the_rate_limit_trusts_forwarded_for_only_behind_a_proxy(
    client, form_data, settings
):
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 1
    for n in range(2):
        data = form_data(token=spam.issue_token(issued_at=time.time() - 60))
        # A forged header must not give each request a new address.
        client.post(CONTACT, data, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert Lead.objects.filter(is_spam=True).count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "Visit http://cheap.example",
        "<a href='x'>Bob</a>",
        "www.casino-bonus",
        "Bob bestdeals.ru",
    ],
)
def test_a_link_or_html_in_the_name_is_spam(client, form_data, name):
    client.post(CONTACT, form_data(name=name))
    assert reasons(only_lead()) == {"link_in_name"}


@pytest.mark.parametrize(
    "factory, rule, sent, reason",
    [
        (
            BlockedPhraseFactory,
            {"phrase": "SEO backlinks"},
            {"message": "We sell seo BACKLINKS cheaply"},
            "phrase",
        ),
        (
            BlockedDomainFactory,
            {"domain": "spammy.example"},
            {"email": "bot@mail.spammy.example"},
            "domain",
        ),
    ],
    ids=["phrase-in-message", "domain-in-address"],
)
def test_a_blocked_phrase_or_domain_is_spam_and_counted(
    client, form_data, factory, rule, sent, reason
):
    blocked = factory(**rule)
    client.post(CONTACT, form_data(**sent))
    assert reasons(only_lead()) == {reason}
    blocked.refresh_from_db()
    assert blocked.hits == 1


def test_a_blocked_domain_in_a_link_of_the_message_is_spam(client, form_data):
    BlockedDomainFactory(domain="spammy.example")
    client.post(CONTACT, form_data(message="See https://spammy.example/offer now"))
    assert reasons(only_lead()) == {"domain"}


def test_a_similar_but_different_domain_is_not_blocked(client, form_data):
    BlockedDomainFactory(domain="spammy.example")
    client.post(CONTACT, form_data(email="ceo@notspammy.example"))
    assert not Lead.objects.get().is_spam


def test_blocklists_are_edited_in_the_admin(sales_client):
    response = sales_client.post(
        reverse("admin:leads_blockeddomain_add"), {"domain": "@Junk.Example."}
    )
    assert response.status_code == 302
    assert BlockedDomain.objects.get().domain == "junk.example"
    response = sales_client.post(
        reverse("admin:leads_blockedphrase_add"), {"phrase": " crypto offer "}
    )
    assert response.status_code == 302
    assert BlockedPhrase.objects.get().phrase == "crypto offer"


def test_spam_creates_no_contact(client, form_data):
    client.post(CONTACT, form_data(website="x"))
    lead = only_lead()
    assert lead.contact is None
