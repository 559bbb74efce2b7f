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


# The demo as `make run` builds it: built once a session (tests/support/demo.py).
@pytest.mark.usefixtures("demo")
def test_demo_builds_the_magazine_and_a_second_run_changes_nothing():
    first = snapshot()
    demo.build()
    assert snapshot() == first

    english = Article.objects.filter(language="en")
    chinese = Article.objects.filter(language="zh-hans")
    assert 38 <= english.count() <= 42
    assert english.count() == chinese.count()
    for rows in (english, chinese):
        assert rows.filter(status=Article.Status.DRAFT).count() >= 2
        scheduled = rows.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )
        assert scheduled.count() == 1
    assert Category.objects.filter(
        slug="industry-analysis", parent__slug="news"
    ).exists()
    assert all(c.name_zh_hans and c.description_zh_hans for c in Category.objects.all())
    for rows in (english, chinese):
        tags_in_use = (
            Article.tags.through.objects.filter(content_object__in=rows)
            .values("tag")
            .distinct()
            .count()
        )
        assert 20 <= tags_in_use <= 30
    live = Article.objects.published(language=None)
    assert all(a.cover_rendition(400) for a in live)
    # Counts agree with the rows behind them.
    for article in live:
        assert article.like_count == article.likes.count()
        recent = sum(d.views for d in article.daily_views.all())
        assert 0 < recent <= article.view_count
    ten_checks = Article.objects.get(slug="小程序商城上线前的十项检查")
    assert ten_checks.language == "zh-hans"
    assert ten_checks.translations()["en"].title == (
        "Ten checks before a mini program mall goes live"
    )


@pytest.mark.usefixtures("demo")
def test_chinese_articles_carry_chinese_tags_and_findable_words():
    chinese = Article.objects.filter(language="zh-hans")
    chinese_tags = set(
        Article.tags.through.objects.filter(content_object__in=chinese).values_list(
            "tag__name", flat=True
        )
    )
    assert {"小程序", "抖音运营", "小红书", "企业微信"} <= chinese_tags
    assert not chinese_tags & {"Mini Program", "Douyin", "WeChat", "E-commerce"}
    bodies = " ".join(chinese.values_list("body", flat=True))
    for word in ("小程序", "抖音", "小红书", "公众号", "视频号"):
        assert word in bodies
    assert all(not a.body.isascii() for a in chinese)
