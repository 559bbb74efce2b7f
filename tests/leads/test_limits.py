"""Enquiries: none lost, none forged, no flood."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leads import spam, views
from leads.models import Lead, LeadDigest
from tests.factories import ArticleFactory, DraftArticleFactory, ScheduledArticleFactory

pytestmark = pytest.mark.django_db

CONTACT = reverse("leads:contact")


def received_yesterday():
    """Date the leads into the period the digest due today covers (to its hour, 0)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    Lead.objects.update(created_at=midnight - datetime.timedelta(hours=2))


OFFICE = "198.51.100.50"


def fresh(form_data, **overrides):
    return form_data(token=spam.issue_token(issued_at=time.time() - 60), **overrides)


def send(client, data, ip=OFFICE, **headers):
    return client.post(CONTACT, data, REMOTE_ADDR=ip, **headers)


def test_past_the_ceiling_the_form_comes_back_filled_in_with_a_429(
    client, form_data, settings
):
    """Up to the ceiling every enquiry is stored (past the limit as spam); past it none
    is, and the visitor gets the form back with their text and a clear message."""
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 2
    settings.AGENCY_LEADS_CEILING_COUNT = 4
    statuses = [
        send(client, fresh(form_data, message=f"Enquiry {n}")).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert Lead.objects.count() == 4
    assert Lead.objects.quarantined().count() == 2

    response = send(client, fresh(form_data, message="My words, kept on screen"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "leads/contact.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "My words, kept on screen" in html
    assert 'value="Li Wei"' in html
    assert "cannot take more just now" in html
    assert "<footer" in html  # in the site's frame
    assert Lead.objects.count() == 4
    # Another address is not held back.
    assert send(client, fresh(form_data), ip="198.51.100.51").status_code == 302


def test_the_ceiling_is_never_below_the_limit(client, form_data, settings):
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 10
    settings.AGENCY_LEADS_CEILING_COUNT = 2
    for _n in range(5):
        assert send(client, fresh(form_data)).status_code == 302
    assert Lead.objects.genuine().count() == 5


def test_the_limits_hold_with_redis_down(client, form_data, settings, redis_down):
    """The counters are in PostgreSQL: a dead cache switches no limit off."""
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 1
    settings.AGENCY_LEADS_CEILING_COUNT = 2
    statuses = [send(client, fresh(form_data)).status_code for _ in range(3)]
    assert statuses == [302, 429, 429]
    assert Lead.objects.count() == 2


def test_an_expired_token_gets_the_form_back_with_the_text_and_no_lead_is_lost(
    client, form_data, settings
):
    settings.AGENCY_LEADS_TOKEN_MAX_AGE = 3600
    old = spam.issue_token(issued_at=time.time() - 3601)
    response = send(client, form_data(token=old, message="Written over lunch"))
    assert response.status_code == 200
    assert response.context["notice"] == views.TOKEN_EXPIRED
    assert "Written over lunch" in response.content.decode()
    assert not Lead.objects.exists()
    # Sending the form it got back stores the enquiry.
    again = response.context["form"].data.dict()
    assert spam.read_token(again["token"])[0] is not None
    assert send(client, again).status_code == 302
    assert Lead.objects.get().message == "Written over lunch"


def test_a_double_click_is_one_lead_and_a_resent_token_with_new_text_is_not_dropped(
    client, form_data
):
    data = fresh(form_data)
    assert send(client, data).status_code == 302
    assert send(client, data).status_code == 302  # the same form twice: thanks
    assert Lead.objects.count() == 1

    changed = {**data, "message": "Something else entirely"}
    response = send(client, changed)
    assert response.status_code == 200
    assert response.context["notice"] == views.TOKEN_USED
    assert "Something else entirely" in response.content.decode()
    assert Lead.objects.count() == 1
    assert send(client, response.context["form"].data.dict()).status_code == 302
    assert Lead.objects.count() == 2
    assert Lead.objects.filter(message="Something else entirely").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://other.example"},
    ],
)
def test_a_cross_site_post_is_refused_with_a_403_page(client, form_data, headers):
    article = ArticleFactory()
    for url in (
        CONTACT,
        f"/articles/{article.slug}/view/",
        f"/articles/{article.slug}/like/",
    ):
        response = client.post(url, fresh(form_data), **headers)
        assert response.status_code == 403, url
        assert "sent from another website" in response.content.decode()
    assert not Lead.objects.exists()
    article.refresh_from_db()
    assert article.like_count == 0


@pytest.mark.parametrize(
    "headers",
    [
        {},  # old browsers and scripts send neither header
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "https://www.trusted.example"},
        {"HTTP_ORIGIN": "http://127.0.0.1:8000"},  # SITE_URL of the test settings
    ],
)
def test_our_own_posts_pass(client, form_data, settings, headers):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.trusted.example"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert send(client, fresh(form_data), **headers).status_code == 302
    assert Lead.objects.count() == 1


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_the_contact_form_never_reveals_an_unpublished_article(
    client, form_data, factory
):
    article = factory(title="Secret launch plan", slug="secret-launch-plan")
    html = client.get(CONTACT, {"article": article.slug}).content.decode()
    assert "Secret launch plan" not in html
    assert "secret-launch-plan" not in html
    # Nor is an enquiry credited to it.
    send(client, fresh(form_data, article=article.slug))
    assert Lead.objects.get().article is None


def test_the_contact_form_names_a_published_article(client):
    article = ArticleFactory(title="Public piece")
    html = client.get(CONTACT, {"article": article.slug}).content.decode()
    assert "Public piece" in html


@pytest.mark.django_db(transaction=True)
def test_the_sixth_enquiry_from_one_office_reaches_sales(
    client, form_data, settings, smtp, admin_client
):
    """Past the limit it is quarantined, and the dashboard and the digest say so."""
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 5
    settings.AGENCY_LEADS_DIGEST_HOUR = 0
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    for n in range(6):
        send(
            client,
            fresh(form_data, name=f"Colleague {n}", email=f"c{n}@office.example"),
        )
    sixth = Lead.objects.get(name="Colleague 5")
    assert list(Lead.objects.quarantined()) == [sixth]

    dashboard = admin_client.get(reverse("admin:leads_lead_dashboard"))
    assert "1</strong> quarantined" in dashboard.content.decode()
    listed = admin_client.get(
        reverse("admin:leads_lead_changelist") + "?spam=quarantined"
    )
    assert "Colleague 5" in listed.content.decode()

    received_yesterday()
    smtp.start()
    call_command("send_lead_notifications", verbosity=0)
    digests = [m for m in smtp.messages if "quarantined" in m.content.decode()]
    assert len(digests) == 1
    body = digests[0].content.decode()
    assert "Subject: Leads of" in body
    assert "5 new, 1 quarantined" in body
    quarantined_part = body.split("quarantined lead")[1]
    assert "Colleague 5" in quarantined_part
    assert f"/leads/lead/{sixth.pk}/change/" in quarantined_part
    assert all(f"Colleague {n}" in body for n in range(5))
    assert LeadDigest.objects.get().sent_at is not None

    # One digest a day, however often the worker runs.
    call_command("send_lead_notifications", verbosity=0)
    assert len([m for m in smtp.messages if "quarantined" in m.content.decode()]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_digest_the_mail_server_refused_is_sent_when_it_is_back(
    client, form_data, settings, smtp
):
    settings.AGENCY_LEADS_DIGEST_HOUR = 0
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    send(client, fresh(form_data))
    received_yesterday()
    call_command("send_lead_notifications", verbosity=0)  # nothing listens yet
    digest = LeadDigest.objects.get()
    assert digest.sent_at is None and digest.last_error
    smtp.start()
    LeadDigest.objects.update(next_attempt_at=digest.next_attempt_at.replace(year=2000))
    call_command("send_lead_notifications", "--now", verbosity=0)
    assert LeadDigest.objects.get().sent_at is not None
    assert any("1 new, 0 quarantined" in m.content.decode() for m in smtp.messages)
