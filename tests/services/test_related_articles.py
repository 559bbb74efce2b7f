from datetime import timedelta

import pytest
from django.utils import timezone

from services.views import related_articles
from tests.factories import (
    ArticleFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_related_articles_share_a_tag_newest_first_published_only():
    service = ServiceFactory()
    service.tags.add("Mini Program", "WeChat")
    now = timezone.now()
    old = ArticleFactory(tags=["WeChat"], published_at=now - timedelta(days=9))
    new = ArticleFactory(
        tags=["Mini Program", "WeChat"], published_at=now - timedelta(days=1)
    )
    ArticleFactory(tags=["SEO"])
    DraftArticleFactory(tags=["WeChat"])
    ScheduledArticleFactory(tags=["WeChat"])
    assert related_articles(service) == [new, old]


def test_related_articles_are_limited_and_need_tags(django_assert_num_queries):
    service = ServiceFactory()
    assert related_articles(service) == []
    service.tags.add("WeChat")
    for _ in range(6):
        ArticleFactory(tags=["WeChat"])
    with django_assert_num_queries(1):
        assert len(related_articles(service)) == 4


def test_service_page_lists_related_reading(client):
    service = ServiceFactory()
    service.tags.add("WeChat")
    article = ArticleFactory(title="Being found in WeChat search", tags=["WeChat"])
    html = client.get(service.get_absolute_url()).content.decode()
    assert "Related reading" in html
    assert article.get_absolute_url() in html
