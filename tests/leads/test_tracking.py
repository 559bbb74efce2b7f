"""First and latest touch, traffic sources and client addresses."""

import pytest
from django.core import signing
from django.test import RequestFactory

from agency.core.http import client_ip
from leads.models import Lead
from leads.tracking import (
    TOUCH_COOKIE,
    TOUCH_SALT,
    classify_source,
    ip_for_storage,
)
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def touches(response):
    return signing.loads(response.cookies[TOUCH_COOKIE].value, salt=TOUCH_SALT)


def test_a_direct_visit_sets_no_cookie(client):
    PageFactory(slug="about")
    response = client.get("/about/")
    assert response.status_code == 200
    assert TOUCH_COOKIE not in response.cookies


def test_an_internal_referrer_sets_no_cookie(client):
    PageFactory(slug="about")
    response = client.get("/about/", HTTP_REFERER="http://testserver/")
    assert TOUCH_COOKIE not in response.cookies


def test_a_campaign_visit_is_remembered_and_private(client):
    PageFactory(slug="about")
    response = client.get(
        "/about/",
        {"utm_source": "wechat", "utm_medium": "cpc", "utm_campaign": "spring"},
        HTTP_REFERER="https://weixin.qq.com/x",
    )
    data = touches(response)
    assert data["f"] == data["l"]
    assert data["f"]["utm_campaign"] == "spring"
    assert data["f"]["landing"].startswith("/about/?utm_source=wechat")
    assert data["f"]["referrer"] == "https://weixin.qq.com/x"
    assert response.cookies[TOUCH_COOKIE]["httponly"]
    assert "private" in response["Cache-Control"]


def test_the_first_touch_stays_and_the_latest_follows(client):
    PageFactory(slug="about")
    client.get("/about/", {"utm_campaign": "first"})
    response = client.get("/about/", HTTP_REFERER="https://www.google.com/")
    data = touches(response)
    assert data["f"]["utm_campaign"] == "first"
    assert data["l"]["referrer"] == "https://www.google.com/"
    assert "utm_campaign" not in data["l"]


def test_a_lead_keeps_both_touches_and_its_source(client, form_data):
    PageFactory(slug="about")
    client.get("/about/", {"utm_source": "newsletter", "utm_medium": "email"})
    client.get("/about/", HTTP_REFERER="https://www.baidu.com/s?wd=app")
    client.post("/contact/", form_data())
    lead = Lead.objects.get()
    assert lead.first_touch["utm_source"] == "newsletter"
    assert lead.last_touch["referrer"] == "https://www.baidu.com/s"  # no search words
    assert lead.source == Lead.Source.EMAIL


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("?email=jo%40x.example&utm_source=mail", "?utm_source=mail"),
        (
            "?utm_campaign=spring&token=abc&utm_term=a+b",
            "?utm_campaign=spring&utm_term=a+b",
        ),
        ("?q=jo%40x.example", ""),
        ("?name=Jo&phone=123&utm_medium=", ""),
    ],
)
def test_stored_page_addresses_keep_no_query_but_utm_keys(
    client, form_data, query, kept
):
    """Landing page, referrer and the page a form was sent from, as a lead stores them."""
    PageFactory(slug="about")
    client.get(
        f"/about/{query}&utm_source=x" if "utm_" not in query else f"/about/{query}",
        HTTP_REFERER=f"https://blog.partner.example/post{query}",
    )
    client.post("/contact/", form_data(page=f"/about/{query}"))
    lead = Lead.objects.get()
    assert lead.page_url == f"/about/{kept}"
    assert lead.first_touch["referrer"] == f"https://blog.partner.example/post{kept}"
    landing = lead.first_touch["landing"]
    assert landing.startswith("/about/")
    for secret in ("email", "jo%40", "token", "name=", "phone", "q="):
        assert secret not in landing + lead.page_url + lead.first_touch["referrer"]


def test_a_forged_cookie_is_ignored(client, form_data):
    client.cookies[TOUCH_COOKIE] = "forged"
    client.post("/contact/", form_data())
    lead = Lead.objects.get()
    assert lead.first_touch == {} and lead.source == Lead.Source.DIRECT


@pytest.mark.parametrize(
    ("touch", "source"),
    [
        ({}, Lead.Source.DIRECT),
        ({"referrer": "https://www.google.com.hk/"}, Lead.Source.SEARCH),
        ({"referrer": "https://www.baidu.com/s?wd=x"}, Lead.Source.SEARCH),
        ({"referrer": "https://m.weibo.cn/status/1"}, Lead.Source.SOCIAL),
        ({"referrer": "https://www.linkedin.com/feed/"}, Lead.Source.SOCIAL),
        ({"referrer": "https://blog.partner.example/post"}, Lead.Source.REFERRAL),
        ({"utm_source": "baidu", "utm_medium": "cpc"}, Lead.Source.CAMPAIGN),
        ({"utm_medium": "social", "utm_source": "weibo"}, Lead.Source.SOCIAL),
        ({"utm_medium": "email"}, Lead.Source.EMAIL),
    ],
)
def test_sources_are_classified(touch, source):
    assert classify_source(touch) == source


@pytest.mark.parametrize(
    ("address", "stored"),
    [("203.0.113.77", "203.0.113.0"), ("2001:db8:1234:5678::1", "2001:db8:1234::")],
)
def test_ip_addresses_are_truncated_by_default(address, stored):
    assert ip_for_storage(address) == stored


def test_ip_addresses_can_be_hashed_or_dropped(settings):
    settings.AGENCY_LEADS_IP_MODE = "hash"
    hashed = ip_for_storage("203.0.113.77")
    assert hashed == ip_for_storage("203.0.113.77") != ip_for_storage("203.0.113.78")
    settings.AGENCY_LEADS_IP_MODE = "none"
    assert ip_for_storage("203.0.113.77") == ""


def test_forwarded_for_is_trusted_only_behind_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )
    assert client_ip(request) == "10.0.0.1"
    settings.AGENCY_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.4"


def warm(url):
    """Fetch until the page cache holds the page (the first request may save settings)."""
    from django.test import Client

    for _attempt in range(3):
        response = Client().get(url)
        assert response.status_code == 200
        if response.get("X-Page-Cache") == "HIT":
            return response
    raise AssertionError(f"{url} never came from the page cache")


def test_a_page_served_from_the_page_cache_still_remembers_the_visit(settings):
    """The touch cookie is set outside the shared page cache and never stored in it."""
    from django.test import Client

    settings.AGENCY_PAGE_CACHE = True
    PageFactory(slug="about")
    warm("/about/")
    referred = Client().get("/about/", HTTP_REFERER="https://www.google.com/")
    assert referred["X-Page-Cache"] == "HIT"
    assert touches(referred)["f"]["referrer"] == "https://www.google.com/"
    later = Client().get("/about/")
    assert later["X-Page-Cache"] == "HIT"
    assert TOUCH_COOKIE not in later.cookies


def test_a_campaign_landing_is_not_stored_in_the_page_cache(settings):
    from django.test import Client

    settings.AGENCY_PAGE_CACHE = True
    PageFactory(slug="about")
    landing = Client().get("/about/", {"utm_campaign": "spring"})
    assert TOUCH_COOKIE in landing.cookies
    again = Client().get("/about/", {"utm_campaign": "spring"})
    assert TOUCH_COOKIE in again.cookies  # each visitor gets their own cookie


def test_service_pages_with_the_inline_form_are_cacheable(settings):
    """Same HTML for everyone: the page cache may store a page with the embedded form."""
    from django.test import Client

    from tests.factories import ServiceFactory

    settings.AGENCY_PAGE_CACHE = True
    service = ServiceFactory(slug="seo-optimization")
    first = warm(service.get_absolute_url())
    assert 'data-token-url="/contact/token/"' in first.content.decode()
    second = Client().get(service.get_absolute_url())
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
