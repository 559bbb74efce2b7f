"""The contact form: what visitors see, what a submission stores."""

import re
import time

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from leads import spam, views
from leads.models import (
    AssignmentRule,
    Delivery,
    Lead,
    LeadActivity,
    LeadNotification,
    NotificationChannel,
)
from tests.factories import ArticleFactory, LeadFactory, SalesFactory, ServiceFactory

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"


def test_contact_url_names():
    assert reverse("leads:contact") == "/contact/"
    assert reverse("leads:thanks") == "/contact/thanks/"


def test_contact_page_shows_the_form_with_a_fresh_token(client):
    response = client.get(CONTACT)
    assert response.status_code == 200
    assert "leads/contact.html" in [t.name for t in response.templates]
    html = response.content.decode()
    for name in ["name", "company", "email", "phone", "service", "budget", "message"]:
        assert f'name="{name}"' in html
    assert 'name="preferred_contact"' in html
    assert 'href="/privacy/"' in html
    token = response.context["form"].initial["token"]
    assert spam.read_token(token)[0] is not None
    assert (
        "no-cache" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_contact_page_preselects_the_service_from_the_query(client):
    parent = ServiceFactory(name="WeChat Development", slug="wechat")
    child = ServiceFactory(name="Mini Program", slug="mini-program", parent=parent)
    ServiceFactory(name="Hidden", slug="hidden", published=False)
    response = client.get(CONTACT, {"service": child.slug})
    html = response.content.decode()
    assert '<optgroup label="WeChat Development">' in html
    assert re.search(r'<option value="mini-program"[^>]*selected', html)
    assert "Hidden" not in html


def test_the_service_choices_follow_the_editors_at_once_and_cost_no_query_meanwhile(
    client, django_assert_num_queries
):
    """The published services are kept while content is unchanged (every contact page
    and every enquiry reads them): a change shows on the next page."""
    from agency.site.models import SiteSettings
    from leads.forms import choosable_services

    SiteSettings.load()  # made on the first page otherwise, which is a change
    seo = ServiceFactory(name="SEO Optimization", slug="seo")
    assert "SEO Optimization" in client.get(CONTACT).content.decode()
    with django_assert_num_queries(0):
        assert [service.slug for service in choosable_services()] == ["seo"]
    seo.published = False
    seo.save()
    ServiceFactory(name="Short Video", slug="short-video")
    html = client.get(CONTACT).content.decode()
    assert "SEO Optimization" not in html and "Short Video" in html


def test_a_submission_becomes_one_lead_and_redirects_to_thanks(client, form_data):
    service = ServiceFactory(slug="app-development")
    response = client.post(CONTACT, form_data(service="app-development"))
    assert response.status_code == 302
    assert response["Location"] == reverse("leads:thanks")
    lead = Lead.objects.get()
    assert lead.name == "Li Wei"
    assert lead.email == "li.wei@freshfoods.example"
    assert lead.phone == "+86 138 0013 8000"
    assert lead.phone_normalised == "+8613800138000"
    assert lead.service == service
    assert lead.budget == "50k_150k"
    assert not lead.is_spam
    assert lead.status == Lead.Status.NEW
    assert lead.placement == Lead.Placement.CONTACT_PAGE
    assert lead.page_url == "/contact/"
    assert "privacy policy" in lead.consent_text
    assert lead.ip_address == "127.0.0.0"  # truncated by default
    # Sent once the lead was committed (the test's task queue runs at once; the mail
    # server is the test's outbox).
    assert lead.notification.state == LeadNotification.State.SENT
    assert len(mail.outbox) == 1
    assert lead.activities.filter(kind=LeadActivity.Kind.CREATED).exists()
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you" in thanks.content.decode()


def test_the_user_agent_and_a_hashed_ip_are_kept_when_set_so(
    client, form_data, settings
):
    settings.AGENCY_LEADS_IP_MODE = "hash"
    client.post(
        CONTACT,
        form_data(),
        HTTP_USER_AGENT="Mozilla/5.0 Test",
        REMOTE_ADDR="203.0.113.9",
    )
    lead = Lead.objects.get()
    assert lead.user_agent == "Mozilla/5.0 Test"
    assert len(lead.ip_address) == 32 and "203" not in lead.ip_address


def test_the_visitor_request_sends_nothing_and_assigns_nobody(
    client, form_data, django_capture_on_commit_callbacks
):
    """The e-mail, the owner and the channels wait for the commit and the worker, never
    the visitor's request (leads.arrival): its cost does not grow with the channels."""
    owner = SalesFactory()
    rule = AssignmentRule.objects.create(name="All", weekdays=[])
    rule.members.set([owner])
    NotificationChannel.objects.create(
        name="Chat", kind="slack", url="http://127.0.0.1:9/x", events=["new_lead"]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(CONTACT, form_data())
    # Queue the team's e-mail; queue the lead's arrival; retire the board's totals.
    assert len(callbacks) == 3
    lead = Lead.objects.get()
    assert lead.owner is None and lead.dispatched_at is None
    assert not Delivery.objects.exists()
    assert mail.outbox == []
    for callback in callbacks:
        callback()  # the worker (Huey's immediate mode here)
    lead.refresh_from_db()
    assert lead.owner == owner and lead.dispatched_at is not None
    assert Delivery.objects.filter(lead=lead, channel__name="Chat").count() == 1


def test_a_double_submit_makes_one_lead(client, form_data):
    data = form_data()
    first = client.post(CONTACT, data)
    second = client.post(CONTACT, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("leads:thanks")
    assert Lead.objects.count() == 1


def test_an_invalid_form_comes_back_with_messages_and_what_was_typed(client, form_data):
    response = client.post(
        CONTACT,
        form_data(email="not-an-address", consent="", message="Keep this text"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert "consent" in form.errors
    html = response.content.decode()
    assert "Keep this text" in html
    assert 'value="Li Wei"' in html
    assert 'class="field has-error"' in html
    assert Lead.objects.count() == 0


def test_an_e_mail_or_a_phone_is_required(client, form_data):
    response = client.post(CONTACT, form_data(email="", phone=""))
    errors = response.context["form"].errors
    assert "email" in errors and "phone" in errors
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    "phone", ["+86 138 0013 8000", "+44 20 7946 0958", "(021) 5555-0100"]
)
def test_phone_numbers_in_international_form_are_accepted(client, form_data, phone):
    response = client.post(CONTACT, form_data(email="", phone=phone))
    assert response.status_code == 302
    assert Lead.objects.get().phone == phone


@pytest.mark.parametrize("phone", ["call me", "12", "+86 138 0013 8000 1234 5678"])
def test_invalid_phone_numbers_are_refused(client, form_data, phone):
    response = client.post(CONTACT, form_data(phone=phone))
    assert "phone" in response.context["form"].errors


def test_preferred_contact_needs_its_channel(client, form_data):
    response = client.post(CONTACT, form_data(phone="", preferred_contact="phone"))
    assert "phone" in response.context["form"].errors


def test_an_embedded_form_sent_without_a_token_asks_to_confirm(client, form_data):
    """Without JavaScript the cached page's form has no token: confirm on /contact/."""
    response = client.post(CONTACT, form_data(token="", page="/services/x/"))
    assert response.status_code == 200
    assert response.context["notice"] == views.CONFIRM
    assert Lead.objects.count() == 0
    new_token = response.context["form"].data["token"]
    assert spam.read_token(new_token)[0] is not None
    html = response.content.decode()
    assert "We want a mini program" in html
    confirmed = client.post(CONTACT, form_data(token=new_token, page="/services/x/"))
    assert confirmed.status_code == 302
    assert not Lead.objects.get().is_spam


def test_the_form_token_endpoint_is_never_cached(client):
    response = client.get(reverse("leads:form_token"))
    assert response.status_code == 200
    assert spam.read_token(response.json()["token"])[0] is not None
    assert (
        "no-store" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_the_contact_post_needs_no_csrf_cookie(form_data):
    """The form may live in a cached page: the POST is exempt (see leads/views.py)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(CONTACT, form_data())
    assert response.status_code == 302
    assert Lead.objects.count() == 1


def render_inline(path, service):
    request = RequestFactory().get(path)
    template = Template(
        '{% include "leads/includes/inline_contact.html" with service=service %}'
    )
    return template.render(Context({"request": request, "service": service}))


def test_the_inline_form_is_the_same_for_every_visitor(client):
    """No CSRF token and no form token in the HTML, so a shared page cache may keep it."""
    service = ServiceFactory(slug="seo")
    first = render_inline("/services/seo/", service)
    time.sleep(1.1)
    second = render_inline("/services/seo/", service)
    assert first == second
    assert "csrfmiddlewaretoken" not in first
    assert re.search(
        r'name="token" id="lead-token"', first
    ) and 'value="' not in re.search(r"<input[^>]*name=\"token\"[^>]*>", first).group(0)
    assert re.search(r'<option value="seo"[^>]*selected', first)
    assert 'value="/services/seo/"' in first
    assert 'action="/contact/"' in first
    assert 'data-token-url="/contact/token/"' in first
    assert "js/leads.js" in first


def test_the_inline_form_records_its_page_and_kind(client, form_data, settings):
    ServiceFactory(slug="seo")
    client.post(CONTACT, form_data(page="/services/seo/", service="seo"))
    lead = Lead.objects.get()
    assert lead.page_url == "/services/seo/"
    assert lead.placement == Lead.Placement.SERVICE_PAGE


@pytest.mark.parametrize(
    ("page", "placement"),
    [
        ("/cases/some-case/", Lead.Placement.CASE_PAGE),
        ("/solutions/fresh-food/", Lead.Placement.SOLUTION_PAGE),
        ("/about/", Lead.Placement.OTHER),
        ("https://evil.example/x", Lead.Placement.CONTACT_PAGE),
    ],
)
def test_the_placement_follows_the_page(client, form_data, page, placement):
    client.post(CONTACT, form_data(page=page))
    assert Lead.objects.get().placement == placement


def test_the_article_call_to_action_carries_the_article(client, form_data):
    article = ArticleFactory()
    html = Template('{% include "leads/includes/article_cta.html" %}').render(
        Context({"article": article})
    )
    assert f'href="/contact/?article={article.slug}"' in html
    page = client.get(CONTACT, {"article": article.slug})
    assert f'value="{article.slug}"' in page.content.decode()
    client.post(CONTACT, form_data(article=article.slug))
    lead = Lead.objects.get()
    assert lead.article == article
    assert lead.placement == Lead.Placement.ARTICLE


def test_a_known_person_is_a_repeat(client, form_data, token):
    client.post(CONTACT, form_data())
    client.post(
        CONTACT,
        form_data(
            token=spam.issue_token(issued_at=time.time() - 60),
            email="LI.WEI@FreshFoods.example",
            phone="",
        ),
    )
    first, second = Lead.objects.order_by("created_at", "pk")
    assert first.contact == second.contact
    assert not first.is_repeat
    assert second.is_repeat


def test_existing_leads_from_factories_do_not_confuse_the_form(client, form_data):
    LeadFactory.create_batch(3)
    assert client.post(CONTACT, form_data()).status_code == 302
    assert Lead.objects.count() == 4


def test_a_get_a_quote_link_credits_the_page_it_was_on(client, form_data):
    ServiceFactory(slug="seo")
    page = client.get(
        CONTACT, {"service": "seo"}, HTTP_REFERER="http://testserver/services/seo/"
    )
    assert page.context["form"].initial["page"] == "/services/seo/"
    elsewhere = client.get(CONTACT, HTTP_REFERER="https://other.example/services/x/")
    assert elsewhere.context["form"].initial["page"] == "/contact/"
    client.post(CONTACT, form_data(page="/services/seo/", service="seo"))
    assert Lead.objects.get().placement == Lead.Placement.SERVICE_PAGE


def test_an_article_call_to_action_credits_the_article_page(client):
    article = ArticleFactory()
    page = client.get(CONTACT, {"article": article.slug})
    assert page.context["form"].initial["page"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "page",
    [
        "//evil.example/x",
        "/\t/evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/ok path",
        "/" + "a" * 600,
    ],
)
def test_a_page_that_is_not_a_plain_local_path_is_not_kept(client, form_data, page):
    client.post(CONTACT, form_data(page=page))
    assert Lead.objects.get().page_url == "/contact/"
