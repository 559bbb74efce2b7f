"""With Redis, views are buffered and flushed to PostgreSQL in batches, exactly once."""

import threading

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import counters
from articles.models import ArticleDailyView, ViewFlush
from articles.services import article_counts, article_view_record
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def buffered(settings):
    settings.REDIS_URL = REDIS_URL
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def views_of(article):
    article.refresh_from_db()
    return article.view_count


def test_views_wait_in_redis_until_the_flush(buffered):
    article = ArticleFactory(view_count=10)
    for n in range(3):
        assert article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
    assert views_of(article) == 10  # no database write per view
    # Visitors see the fresh number all the same.
    assert article_counts(article_id=article.pk, visitor_key="v:0").view_count == 13
    call_command("flush_counters", verbosity=0)
    assert views_of(article) == 13
    daily = ArticleDailyView.objects.get(article=article, day=timezone.localdate())
    assert daily.views == 3
    assert article_counts(article_id=article.pk, visitor_key="v:0").view_count == 13


def test_a_second_flush_changes_nothing(buffered):
    article = ArticleFactory(view_count=0)
    article_view_record(article_id=article.pk, visitor_key="v:a")
    counters.flush_views()
    assert counters.flush_views() == 0
    assert views_of(article) == 1


def test_a_flush_that_died_before_its_commit_is_applied_by_the_next(buffered):
    article = ArticleFactory(view_count=0)
    for n in range(4):
        article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
    # What the flush does before touching the database: the batch is set aside...
    buffered.rename(counters.PENDING, f"{counters.BATCH_PREFIX}dead")
    buffered.sadd(counters.BATCHES, f"{counters.BATCH_PREFIX}dead")
    # ...and then the process dies. New views arrive meanwhile.
    article_view_record(article_id=article.pk, visitor_key="v:late")
    assert article_counts(article_id=article.pk, visitor_key="x").view_count == 5
    counters.flush_views()
    assert views_of(article) == 5
    assert not buffered.exists(f"{counters.BATCH_PREFIX}dead")


def test_a_flush_that_died_after_its_commit_is_not_applied_twice(buffered, monkeypatch):
    article = ArticleFactory(view_count=0)
    for n in range(3):
        article_view_record(article_id=article.pk, visitor_key=f"v:{n}")
    batch = f"{counters.BATCH_PREFIX}committed"
    buffered.rename(counters.PENDING, batch)
    buffered.sadd(counters.BATCHES, batch)
    # Apply the batch's counts but keep the key, as a flush killed after COMMIT would.
    with monkeypatch.context() as patch:
        patch.setattr(counters, "_forget", lambda client, key: None)
        counters._apply_batch(buffered, batch)
    assert buffered.exists(batch)
    assert views_of(article) == 3
    counters.flush_views()
    assert views_of(article) == 3
    assert not buffered.exists(batch)
    assert ViewFlush.objects.filter(batch="committed").exists()


@pytest.mark.django_db(transaction=True)
def test_views_racing_a_flush_are_all_counted(buffered):
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


def test_redis_down_counts_in_the_database(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    article = ArticleFactory(view_count=0)
    assert article_view_record(article_id=article.pk, visitor_key="v:1")
    assert views_of(article) == 1
