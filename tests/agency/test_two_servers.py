"""Two app servers on one PostgreSQL and one Redis agree: page cache, rate limit, views.

This is the "past one machine" layout in miniature: each server is its own gunicorn
process, so nothing is shared but the database and Redis.
"""

import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest
import redis
from django.conf import settings
from django.core.management import call_command

from agency.site.models import SiteSettings
from scripts._server import (
    collect_static,
    free_port,
    production_env,
    start_gunicorn,
)
from tests.factories import ArticleFactory, PageFactory
from tests.support.caches import use_redis
from tests.support.processes import database_url

REDIS_URL = "redis://127.0.0.1:6379/7"

pytestmark = pytest.mark.django_db(transaction=True)


def server_env(static_root):
    return production_env(
        # The same key as this process, so form tokens signed here are valid there.
        secret_key=settings.SECRET_KEY,
        database_url=database_url(),
        site_url="http://127.0.0.1",
        REDIS_URL=REDIS_URL,
        AGENCY_LEADS_RATE_LIMIT_COUNT="3",
        # 40 visitors from one address (loopback) view one article.
        ARTICLES_VIEWS_PER_ADDRESS="1000",
        AGENCY_LEADS_NOTIFY_AFTER_COMMIT="0",
        DJANGO_STATIC_ROOT=str(static_root),
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve hashed static files: collect them once for the module."""
    root = tmp_path_factory.mktemp("static")
    env = production_env(
        secret_key="collect-" + "x" * 50,
        database_url="postgres://postgres@127.0.0.1:5432/agency",
        site_url="http://127.0.0.1",
    )
    collect_static(env, root)
    return root


@pytest.fixture
def servers(settings, static_root):
    # This process shares the servers' Redis, so its saves retire their pages.
    use_redis(settings, REDIS_URL, key_prefix="agency")
    settings.REDIS_URL = REDIS_URL
    redis.Redis.from_url(REDIS_URL).flushdb()
    SiteSettings.load()
    ports = [free_port(), free_port()]
    env = server_env(static_root)
    processes = [
        start_gunicorn(port, env, "--workers", "1", "--log-level", "warning")
        for port in ports
    ]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
    redis.Redis.from_url(REDIS_URL).flushdb()


def get(url):
    # The same Host header on both, as a load balancer in front would pass on.
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})  # noqa: S310
    response = urllib.request.urlopen(request, timeout=10)  # noqa: S310
    return response.headers.get("X-Page-Cache"), response.read().decode()


def test_page_cache_is_shared_and_retired_on_both(servers):
    a, b = servers
    page = PageFactory(title="About", slug="about", body="<p>First text</p>")
    assert get(f"{a}/about/")[0] == "MISS"
    state, html = get(f"{b}/about/")
    assert state == "HIT"  # filled by server A
    assert "First text" in html
    page.body = "<p>Second text</p>"
    page.save()
    for server in (a, b):
        state, html = get(f"{server}/about/")
        assert "Second text" in html


def test_view_counts_from_both_servers_add_up_exactly(servers):
    article = ArticleFactory()
    url = article.get_absolute_url() + "view/"
    for n in range(40):
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        request = urllib.request.Request(  # noqa: S310
            servers[n % 2] + url,
            data=b"",
            method="POST",
            headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130"},
        )
        opener.open(request, timeout=10)
    # Both servers buffered their views in PostgreSQL; one flush moves them all.
    call_command("flush_counters", verbosity=0)
    article.refresh_from_db()
    assert article.view_count == 40


def test_contact_rate_limit_counts_across_servers(servers):
    from urllib.parse import urlencode

    from leads.models import Lead
    from leads.spam import issue_token

    statuses = []
    for n in range(5):
        form = {
            "name": "Someone",
            "email": "someone@example.com",
            "message": "Hello",
            "preferred_contact": "email",
            "consent": "on",
            "token": issue_token(issued_at=time.time() - 60),
        }
        request = urllib.request.Request(  # noqa: S310
            servers[n % 2] + "/contact/", data=urlencode(form).encode(), method="POST"
        )
        try:
            statuses.append(urllib.request.urlopen(request, timeout=10).status)  # noqa: S310
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    # The limit is 3 per IP for the whole site, not 3 per server.
    assert statuses[-1] == 429
    assert statuses.count(429) == 2
    # Over the limit is kept as spam, never dropped.
    assert Lead.objects.count() == 5
    assert Lead.objects.filter(is_spam=True).count() == 2
