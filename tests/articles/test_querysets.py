from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles import widgets
from articles.models import Article, ArticleDailyView
from articles.selectors import (
    article_neighbours,
    article_with_counts,
    articles_related_to,
)
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
)

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_published_excludes_drafts_and_scheduled():
    live = ArticleFactory()
    DraftArticleFactory()
    ScheduledArticleFactory()
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_is_published_when_its_time_passes(
    django_capture_on_commit_callbacks,
):
    article = ScheduledArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=ago(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_article_with_counts_read_this_slug_this_language_at_this_moment():
    """The article page's one read when its HTML is kept: SQL written once, so it must
    still take each request's slug, language and moment."""
    first = ArticleFactory(view_count=7, like_count=3)
    second = ArticleFactory(view_count=11, like_count=0)
    chinese = ArticleFactory(language="zh-hans")
    soon = ScheduledArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    DraftArticleFactory(slug="a-draft")

    found = article_with_counts(first.slug)
    assert (found.pk, found.slug, found.view_count, found.like_count) == (
        first.pk,
        first.slug,
        7,
        3,
    )
    assert article_with_counts(second.slug).view_count == 11
    assert article_with_counts(chinese.slug) is None
    with translation.override("zh-hans"):
        assert article_with_counts(chinese.slug).pk == chinese.pk
        assert article_with_counts(first.slug) is None
    assert article_with_counts("a-draft") is None
    assert article_with_counts("no-such-article") is None
    assert article_with_counts(soon.slug) is None
    # Published after the SQL was written: each read takes its own moment.
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now())
    assert article_with_counts(soon.slug).pk == soon.pk
    Article.objects.filter(pk=second.pk).update(
        published_at=timezone.now() + timedelta(hours=1)
    )
    assert article_with_counts(second.slug) is None


def test_related_ranks_shared_tags_then_category_then_newest():
    category, other = CategoryFactory(), CategoryFactory()
    article = ArticleFactory(category=category, tags=["a", "b", "c"])
    two_tags_old = ArticleFactory(
        category=other, tags=["a", "b"], published_at=ago(days=9)
    )
    two_tags_same_cat = ArticleFactory(
        category=category, tags=["b", "c"], published_at=ago(days=20)
    )
    one_tag_new = ArticleFactory(category=other, tags=["c"], published_at=ago(days=1))
    same_cat_only = ArticleFactory(category=category, published_at=ago(days=30))
    newest_unrelated = ArticleFactory(category=other, published_at=ago(hours=1))
    older_unrelated = ArticleFactory(category=other, published_at=ago(days=40))
    ArticleFactory(category=other, published_at=ago(days=50))
    DraftArticleFactory(category=category, tags=["a", "b", "c"])
    ScheduledArticleFactory(category=category, tags=["a", "b", "c"])

    related = articles_related_to(article, tag_ids=[t.pk for t in article.tags.all()])

    assert related == [
        two_tags_same_cat,
        two_tags_old,
        one_tag_new,
        same_cat_only,
        newest_unrelated,
        older_unrelated,
    ]
    assert related[0].shared == 2


def test_related_reading_is_judged_in_each_call_s_language_and_moment():
    # The published condition is written once a process: each call still reads its
    # own moment (a scheduled article goes live) and language.
    article = ArticleFactory(tags=["seo"])
    later = ScheduledArticleFactory(tags=["seo"])
    ArticleFactory(language="zh-hans", tags=["seo"])
    tags = [t.pk for t in article.tags.all()]
    assert articles_related_to(article, tag_ids=tags) == []
    Article.objects.filter(pk=later.pk).update(published_at=ago(minutes=1))
    later.refresh_from_db()
    assert articles_related_to(article, tag_ids=tags) == [later]

    chinese = ArticleFactory(language="zh-hans", tags=["seo"])
    with translation.override("zh-hans"):
        related = articles_related_to(chinese, tag_ids=tags)
    assert [a.language for a in related] == ["zh-hans"]


def test_related_never_contains_the_article_itself():
    article = ArticleFactory(tags=["x"])
    assert articles_related_to(article, tag_ids=[]) == []


def test_related_without_tags_falls_back_to_category_then_newest():
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    same = ArticleFactory(category=category, published_at=ago(days=5))
    newer_elsewhere = ArticleFactory(published_at=ago(minutes=5))
    assert articles_related_to(article, tag_ids=[]) == [
        same,
        newer_elsewhere,
    ]


def test_neighbours_are_previous_and_next_by_publication_time():
    first = ArticleFactory(published_at=ago(days=3))
    middle = ArticleFactory(published_at=ago(days=2))
    last = ArticleFactory(published_at=ago(days=1))
    ScheduledArticleFactory()
    assert article_neighbours(middle) == (first, last)
    assert article_neighbours(first) == (None, middle)
    assert article_neighbours(last) == (middle, None)


def test_neighbours_with_the_same_time_are_ordered_by_id():
    moment = ago(days=1)
    a, b, c = (ArticleFactory(published_at=moment) for _ in range(3))
    assert article_neighbours(b) == (a, c)


def add_views(article, days_ago, views):
    ArticleDailyView.objects.create(
        article=article,
        day=timezone.localdate() - timedelta(days=days_ago),
        views=views,
    )


def test_popular_counts_only_the_window():
    recent, old = ArticleFactory(), ArticleFactory()
    add_views(recent, 1, 10)
    add_views(recent, 5, 5)
    add_views(old, 45, 1000)
    popular = list(Article.objects.popular(days=30))
    assert popular == [recent]
    assert popular[0].recent_views == 15


def test_popular_with_a_limit_ranks_as_without():
    """The limit sums views per article id first: ties must still go to the newest,
    and what visitors may not see must not take a place."""
    tied = [ArticleFactory(published_at=ago(days=n)) for n in (5, 1, 3, 2, 4)]
    for article in tied:
        add_views(article, 1, 3)
    top = ArticleFactory(published_at=ago(days=9))
    add_views(top, 2, 7)
    hidden = DraftArticleFactory()
    add_views(hidden, 0, 99)
    ranked = list(Article.objects.published().popular(days=30))
    assert ranked[:4] == [top, tied[1], tied[3], tied[2]]
    assert list(Article.objects.published().popular(days=30, limit=4)) == ranked[:4]


def test_hot_topics_rank_recent_views_then_fill_with_all_time():
    hot_recent = ArticleFactory(view_count=20)
    warm_recent = ArticleFactory(view_count=500)
    all_time_star = ArticleFactory(view_count=9000)
    all_time_second = ArticleFactory(view_count=100)
    add_views(hot_recent, 0, 20)
    add_views(warm_recent, 3, 4)
    add_views(all_time_star, 90, 9000)
    draft = DraftArticleFactory(view_count=10**6)
    add_views(draft, 0, 10**6)
    hot = widgets.hot_articles(limit=4)
    assert hot == [hot_recent, warm_recent, all_time_star, all_time_second]


def test_tag_cloud_weighs_tags_by_published_use():
    for _ in range(8):
        ArticleFactory(tags=["big"])
    ArticleFactory(tags=["small"])
    DraftArticleFactory(tags=["hidden"])
    cloud = {tag.name: tag for tag in widgets.tag_cloud()}
    assert set(cloud) == {"big", "small"}
    assert cloud["big"].weight == 5
    assert cloud["small"].weight == 1
    assert cloud["big"].uses == 8


def test_tag_cloud_counts_the_newest_articles(monkeypatch):
    monkeypatch.setattr(widgets, "CLOUD_ARTICLES", 3)
    ArticleFactory(tags=["old", "shared"], published_at=ago(days=9))
    for days in (1, 2, 3):
        ArticleFactory(tags=["shared", "new"], published_at=ago(days=days))
    ArticleFactory(tags=["shared"], language="zh-hans", published_at=ago(hours=1))
    cloud = {tag.name: tag for tag in widgets.tag_cloud()}
    assert set(cloud) == {"shared", "new"}
    assert cloud["shared"].uses == cloud["new"].uses == 3


def test_lists_give_the_same_answer_without_union_support(monkeypatch):
    """SQLite (the local demo) has no LIMIT inside UNION: one query per part there.
    (article_around is written in SQL that both databases read, without a UNION of
    sliced querysets: it was checked against every demo article on SQLite by hand.)"""
    from django.db import connection

    category = CategoryFactory()
    ArticleFactory(category=category, tags=["a", "b"], published_at=ago(days=5))
    for n in range(8):
        ArticleFactory(
            **({"category": category} if n % 2 else {}),
            tags=["a", "b"][: n % 3],
            published_at=ago(days=n),
        )
    lists_with_union = widgets.latest_and_hot()
    monkeypatch.setattr(
        connection.features, "supports_slicing_ordering_in_compound", False
    )
    assert widgets.latest_and_hot() == lists_with_union
    assert len(lists_with_union[0]) == 6


def test_related_articles_come_from_the_newest_taggings(monkeypatch):
    """With a popular tag on thousands of articles, only the newest taggings are ranked:
    an old article sharing every tag gives way to newer ones sharing fewer."""
    monkeypatch.setattr("articles.selectors.RELATED_CANDIDATES", 3)  # the newer three
    article = ArticleFactory(tags=["a", "b"], published_at=ago(days=1))
    old_twin = ArticleFactory(tags=["a", "b"], published_at=ago(days=30))
    newer = [ArticleFactory(tags=["a"], published_at=ago(days=n)) for n in (2, 3, 4)]
    tag_ids = [t.pk for t in article.tags.all()]
    related = articles_related_to(article, tag_ids=tag_ids)
    assert related[:3] == sorted(newer, key=lambda a: a.published_at, reverse=True)
    assert old_twin not in related[:3]

    monkeypatch.setattr("articles.selectors.RELATED_CANDIDATES", 500)
    related = articles_related_to(article, tag_ids=tag_ids)
    assert related[0] == old_twin
