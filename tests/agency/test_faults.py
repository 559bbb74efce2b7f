"""Faults: the database or Redis down must not turn into a crash page."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_a_styled_503_and_recovers(client):
    client.raise_request_exception = False
    assert client.get("/").status_code == 200
    original_port = connection.settings_dict["PORT"]
    connection.close()
    # A port nothing listens on: the real driver fails as with a stopped server.
    connection.settings_dict["PORT"] = "1"
    try:
        from django.core.cache import cache

        cache.clear()  # nothing cached to hide the outage
        response = client.get("/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We are back in a moment" in html
    assert "css/site.css" in html
    # The same process recovers as soon as the database answers again.
    assert client.get("/").status_code == 200


def test_other_errors_still_give_the_500_page(rf):
    from agency.core.views import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.fixture
def redis_down(redis_down, settings):
    """Redis down (tests/conftest.py) with the page cache on."""
    settings.AGENCY_PAGE_CACHE = True
    return redis_down


def test_site_serves_with_redis_down(client, redis_down):
    from tests.factories import PageFactory

    PageFactory(title="About", slug="about", body="<p>Still here</p>")
    for _ in range(3):
        response = client.get("/about/")
        assert response.status_code == 200
        assert "Still here" in response.content.decode()


def test_cache_calls_answer_as_misses_with_redis_down(redis_down):
    cache = redis_down
    assert cache.get("key", "default") == "default"
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    # Rate-limit counters read as zero: limits fail open (see agency/core/cache.py).
    assert cache.incr("counter") == 0


def test_redis_cache_works_when_redis_is_up(settings):
    from tests.support.caches import use_redis

    cache = use_redis(settings, "redis://127.0.0.1:6379/9")
    cache.set("agency-test-key", "value", None)
    assert cache.get("agency-test-key") == "value"
    cache.delete("agency-test-key")
    # One redis.Redis serves every call (Django's own client builds one per call).
    assert cache.client.get_client() is cache.client.get_client()
