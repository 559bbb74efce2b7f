import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from agency.core.models import RateCounter
from articles.counters import flush_views
from articles.models import Article, ArticleDailyView, ArticleLike
from articles.services import article_like_toggle, article_view_record
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


def test_view_is_counted_once_per_visitor_in_the_window():
    article = ArticleFactory()
    assert article_view_record(article_id=article.pk, visitor_key="v:alice") is True
    assert article_view_record(article_id=article.pk, visitor_key="v:alice") is False
    assert article_view_record(article_id=article.pk, visitor_key="v:bob") is True
    flush_views()
    article.refresh_from_db()
    assert article.view_count == 2


def test_view_counts_again_after_the_window(settings):
    article = ArticleFactory()
    article_view_record(article_id=article.pk, visitor_key="v:alice")
    # The window's end (agency.core.ratelimit) is what lets the visitor count again.
    RateCounter.objects.filter(scope="view-seen").update(window_end=0)
    assert article_view_record(article_id=article.pk, visitor_key="v:alice") is True
    flush_views()
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_views_are_added_to_the_day():
    article = ArticleFactory()
    for visitor in ("a", "b", "c"):
        article_view_record(article_id=article.pk, visitor_key=visitor)
    flush_views()
    day = ArticleDailyView.objects.get(article=article)
    assert day.day == timezone.localdate()
    assert day.views == 3


def test_like_toggles_on_and_off():
    article = ArticleFactory()
    on = article_like_toggle(article_id=article.pk, visitor_key="v:alice")
    assert (on.liked, on.like_count) == (True, 1)
    other = article_like_toggle(article_id=article.pk, visitor_key="v:bob")
    assert (other.liked, other.like_count) == (True, 2)
    off = article_like_toggle(article_id=article.pk, visitor_key="v:alice")
    assert (off.liked, off.like_count) == (False, 1)
    assert list(ArticleLike.objects.values_list("visitor_key", flat=True)) == ["v:bob"]


# PostgreSQL allows 100 connections, shared with other test runs: 40 threads, each with
# its own connection, released together by a barrier, share out the jobs.
WORKERS = 40


def run_in_threads(jobs, work, workers=WORKERS):
    """Run work(0) ... work(jobs - 1) on `workers` threads that start at once."""
    workers = min(workers, jobs)
    barrier = threading.Barrier(workers)
    errors = []

    def target(worker):
        try:
            barrier.wait(timeout=30)
            for index in range(worker, jobs, workers):
                work(index)
        except Exception as error:  # reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_beacons_from_200_visitors_add_exactly_200():
    article = ArticleFactory()
    url = f"/articles/{article.slug}/view/"
    statuses = []
    # One request handler for all threads, as a threaded WSGI server has (loading the
    # middleware is slow); a fresh client, so a new visitor, for every beacon.
    handler = Client().handler

    def beacon(index):
        client = Client(HTTP_USER_AGENT=BROWSER)
        client.handler = handler
        response = client.post(url, REMOTE_ADDR=f"10.0.{index // 250}.{index % 250}")
        statuses.append((response.status_code, response.json()["counted"]))

    run_in_threads(200, beacon)

    assert statuses == [(200, True)] * 200
    flush_views()
    article.refresh_from_db()
    assert article.view_count == 200
    assert ArticleDailyView.objects.get(article=article).views == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_keep_the_count_exact():
    article = ArticleFactory()

    def like(index):
        # Visitors 0-39 like once; visitors 40-59 like and unlike.
        article_like_toggle(article_id=article.pk, visitor_key=f"v:{index}")
        if index >= 40:
            article_like_toggle(article_id=article.pk, visitor_key=f"v:{index}")

    run_in_threads(60, like)

    article.refresh_from_db()
    assert article.like_count == 40
    assert ArticleLike.objects.filter(article=article).count() == 40


@pytest.mark.django_db(transaction=True)
def test_one_visitor_pressing_twice_at_once_never_breaks_the_count():
    article = ArticleFactory()

    run_in_threads(
        10, lambda i: article_like_toggle(article_id=article.pk, visitor_key="v:same")
    )

    article.refresh_from_db()
    assert article.like_count == ArticleLike.objects.filter(article=article).count()
    assert article.like_count in (0, 1)
