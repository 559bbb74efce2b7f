"""Pages run a fixed number of SQL queries, at most 10, however much data there is."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency.site.models import SiteSettings
from articles.models import ArticleDailyView
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
)

pytestmark = pytest.mark.django_db

# 11: the article page asks for its published translations (hreflang, the switcher).
MAX_QUERIES = 11


def queries_for(client, url, *, warm):
    """Return the number of queries a GET of `url` runs, cold or with warm caches."""
    cache.clear()
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def build_site(size):
    """A site with `size` times more of everything; returns the URLs to measure."""
    SiteSettings.load()
    news = CategoryFactory(slug=f"news-{size}")
    children = [CategoryFactory(parent=news) for _ in range(size)]
    profile = AuthorProfileFactory()
    tags = [f"tag-{size}-{n}" for n in range(3 * size)]
    article = ArticleFactory(
        category=children[0],
        author=profile.user,
        tags=tags,
        published_at=timezone.now() - timedelta(hours=size * 10),
    )
    others = []
    for n in range(6 * size):
        others.append(
            ArticleFactory(
                category=children[n % size],
                author=profile.user,
                tags=tags[n % len(tags) :][:3],
                published_at=timezone.now() - timedelta(hours=n + 1),
            )
        )
    today = timezone.localdate()
    ArticleDailyView.objects.bulk_create(
        ArticleDailyView(article=a, day=today - timedelta(days=d), views=d + 1)
        for a in others[: 2 * size]
        for d in range(size)
    )
    return [
        article.get_absolute_url(),
        "/articles/",
        news.get_absolute_url(),
        children[0].get_absolute_url(),
        f"/articles/tag/{tags[0]}/",
        profile.get_absolute_url(),
        "/search/?q=article+number",
    ]


@pytest.mark.parametrize("warm", [False, True], ids=["cold caches", "warm caches"])
def test_query_counts_stay_flat_as_the_data_grows(client, warm):
    small = build_site(1)
    large = build_site(6)
    for small_url, large_url in zip(small, large, strict=True):
        few = queries_for(client, small_url, warm=warm)
        many = queries_for(client, large_url, warm=warm)
        assert few == many, (small_url, few, large_url, many)
        assert many <= MAX_QUERIES, (large_url, many)


def test_article_page_query_budget(client, django_assert_num_queries):
    url = build_site(4)[0]
    client.get(url)  # the page's fragments kept: header, sidebar, article, footer
    with django_assert_num_queries(1):  # finding the article, with its counts
        client.get(url)
