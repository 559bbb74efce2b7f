import pytest
from django.utils import timezone

from articles import demo
from articles.models import Article, ArticleDailyView, ArticleLike, Category

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": sorted(
            Article.objects.values_list("slug", "status", "view_count", "like_count")
        ),
        "categories": Category.objects.count(),
        "daily": ArticleDailyView.objects.count(),
        "likes": ArticleLike.objects.count(),
    }


def test_demo_builds_the_magazine_and_a_second_run_changes_nothing():
    demo.build()
    first = snapshot()
    demo.build()
    assert snapshot() == first

    assert 38 <= Article.objects.count() <= 42
    assert Article.objects.filter(status=Article.Status.DRAFT).count() >= 2
    scheduled = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    )
    assert scheduled.count() == 1
    assert Category.objects.filter(
        slug="industry-analysis", parent__slug="news"
    ).exists()
    tags_in_use = Article.tags.through.objects.values("tag").distinct().count()
    assert 20 <= tags_in_use <= 30
    live = Article.objects.published()
    assert all(a.cover_rendition(400) for a in live)
    # Counts agree with the rows behind them.
    for article in live:
        assert article.like_count == article.likes.count()
        recent = sum(d.views for d in article.daily_views.all())
        assert 0 < recent <= article.view_count
    assert Article.objects.filter(slug="小程序商城上线前的十项检查").exists()
