"""Counts are exact: views wait in PostgreSQL for the flush, exactly once, whatever Redis
does; one address cannot inflate views or likes with a fresh cookie per request."""

import threading
import time

import psycopg2
import pytest
import redis
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles import counters
from articles.models import ArticleDailyView, PendingView
from articles.services import article_counts, article_view_record
from tests.factories import ArticleFactory
from tests.support.caches import REDIS_DOWN, use_redis

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/14"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


def views_of(article):
    article.refresh_from_db()
    return article.view_count


def beacon(article, *, ip="198.51.100.20", cookie=None):
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ip)
    if cookie:
        client.cookies["vid"] = cookie
    return client.post(f"/articles/{article.slug}/view/")


def like(article, *, ip="198.51.100.20"):
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ip)
    return client.post(
        f"/articles/{article.slug}/like/", HTTP_ACCEPT="application/json"
    )


def test_views_wait_for_the_flush_and_visitors_see_them_at_once():
    article = ArticleFactory(view_count=10)
    for n in range(3):
        assert article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
    assert views_of(article) == 10  # no update of the article's row per view
    assert article_counts(article_id=article.pk, visitor_key="v:0").view_count == 13
    call_command("flush_counters", verbosity=0)
    assert views_of(article) == 13
    daily = ArticleDailyView.objects.get(article=article, day=timezone.localdate())
    assert daily.views == 3
    assert not PendingView.objects.exists()
    assert article_counts(article_id=article.pk, visitor_key="v:0").view_count == 13


def test_a_second_flush_changes_nothing():
    article = ArticleFactory(view_count=0)
    article_view_record(article_id=article.pk, visitor_key="v:a")
    assert counters.flush_views() == 1
    assert counters.flush_views() == 0
    assert views_of(article) == 1


@pytest.fixture
def redis_cache(settings):
    """The site's cache on a real Redis (db 14), emptied before and after."""
    settings.REDIS_URL = REDIS_URL
    use_redis(settings, REDIS_URL, timeout=0.5)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    caches["default"].close()


@pytest.fixture
def redis_down(redis_down, settings):
    """Redis down (tests/conftest.py), for REDIS_URL's other users too."""
    settings.REDIS_URL = REDIS_DOWN
    return redis_down


def test_views_counted_while_redis_is_down_reach_the_database(redis_down):
    article = ArticleFactory(view_count=0)
    answers = [beacon(article, cookie=f"visitor-number-{n:04d}") for n in range(3)]
    assert [a.json()["counted"] for a in answers] == [True, True, True]
    # The same visitor again is still recognised without Redis.
    assert beacon(article, cookie="visitor-number-0000").json()["counted"] is False
    call_command("flush_counters", verbosity=0)
    assert views_of(article) == 3


def test_views_survive_redis_losing_everything_before_the_flush(redis_cache):
    """Eviction (allkeys-lru), a restart or FLUSHALL cannot lose counted views."""
    article = ArticleFactory(view_count=0)
    for n in range(4):
        assert beacon(article, cookie=f"visitor-number-{n:04d}").json()["counted"]
    redis_cache.flushdb()
    call_command("flush_counters", verbosity=0)
    assert views_of(article) == 4
    # Nor do the visitors count again because the cache forgot them.
    assert beacon(article, cookie="visitor-number-0000").json()["counted"] is False


@pytest.mark.django_db(transaction=True)
def test_a_flush_killed_before_its_commit_loses_nothing_and_counts_once():
    article = ArticleFactory(view_count=0)
    for n in range(5):
        article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
    # Hold the article's row, so the flush stops at its update; then kill its backend.
    params = connection.get_connection_params()
    holder = psycopg2.connect(**params)
    killer = psycopg2.connect(**params)
    killer.autocommit = True
    outcome = []

    def flush():
        try:
            counters.flush_views()
            outcome.append("flushed")
        except Exception as error:
            outcome.append(type(error).__name__)
        finally:
            connection.close()

    thread = threading.Thread(target=flush)
    try:
        with holder.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM articles_article WHERE id = %s FOR UPDATE", [article.pk]
            )
        thread.start()
        pids = []
        with killer.cursor() as cursor:
            for _ in range(200):
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'UPDATE %%articles_article%%' AND datname = %s",
                    [params["dbname"]],
                )
                pids = [row[0] for row in cursor.fetchall()]
                if pids:
                    break
                time.sleep(0.05)
            for pid in pids:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        holder.rollback()
        holder.close()
        killer.close()
        thread.join(timeout=30)
    assert pids, "the flush never reached its update"
    assert outcome and outcome[0] != "flushed"
    # Nothing was applied and nothing was taken: the next flush moves all five.
    assert views_of(article) == 0
    assert counters.flush_views() == 5
    assert views_of(article) == 5
    assert counters.flush_views() == 0


@pytest.mark.django_db(transaction=True)
def test_views_racing_flushes_are_all_counted():
    article = ArticleFactory(view_count=0)
    total = 300

    def visitors(start):
        for n in range(start, total, 3):
            article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
        connection.close()

    threads = [threading.Thread(target=visitors, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        counters.flush_views()
    for thread in threads:
        thread.join()
    counters.flush_views()
    assert views_of(article) == total
    assert ArticleDailyView.objects.get(article=article).views == total


def test_fresh_cookies_from_one_address_add_at_most_its_share_of_views(settings):
    settings.ARTICLES_VIEWS_PER_ADDRESS = (5, 1800)
    article = ArticleFactory(view_count=0)
    counted = [beacon(article).json()["counted"] for _ in range(50)]  # no cookie kept
    assert counted.count(True) == 5
    # Another address, and another article from the same address, still count.
    assert beacon(article, ip="203.0.113.77").json()["counted"] is True
    assert beacon(ArticleFactory()).json()["counted"] is True
    counters.flush_views()
    assert views_of(article) == 6


def test_an_ipv6_client_is_bounded_across_its_64(settings):
    settings.ARTICLES_VIEWS_PER_ADDRESS = (3, 1800)
    article = ArticleFactory(view_count=0)
    counted = [
        beacon(article, ip=f"2001:db8:1:2::{n:x}").json()["counted"] for n in range(20)
    ]
    assert counted.count(True) == 3


def test_fresh_cookies_from_one_address_add_at_most_its_share_of_likes(settings):
    settings.ARTICLES_LIKES_PER_ADDRESS = (5, 86400)
    article = ArticleFactory(like_count=0)
    statuses = [like(article).status_code for _ in range(50)]
    assert statuses.count(200) == 5
    assert set(statuses[5:]) == {429}
    article.refresh_from_db()
    assert article.like_count == 5
    assert like(article, ip="203.0.113.78").status_code == 200
