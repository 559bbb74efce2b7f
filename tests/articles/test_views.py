from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
)

pytestmark = pytest.mark.django_db


def test_article_list_shows_published_articles_newest_first(client):
    old = ArticleFactory(
        title="Older piece", published_at=timezone.now() - timedelta(days=2)
    )
    new = ArticleFactory(title="Newer piece")
    response = client.get(reverse("articles:article_list"))
    assert response.status_code == 200
    assert "articles/article_list.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.index(new.title) < html.index(old.title)


def test_drafts_and_scheduled_articles_are_hidden_from_visitors(client):
    draft = DraftArticleFactory(title="Secret draft")
    scheduled = ScheduledArticleFactory(title="Tomorrow's news")
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert "Secret draft" not in listing
    assert "Tomorrow&#x27;s news" not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_once_its_time_has_come(client):
    article = ScheduledArticleFactory(title="Launch day")
    assert client.get(article.get_absolute_url()).status_code == 404
    article.published_at = timezone.now() - timedelta(seconds=1)
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_article_page_shows_meta_line_tags_and_like(client):
    profile = AuthorProfileFactory(display_name="Lin Wei")
    parent = CategoryFactory(name="News", slug="news")
    category = CategoryFactory(
        name="Industry Analysis", slug="industry-analysis", parent=parent
    )
    article = ArticleFactory(
        title="Mini programs in 2026",
        author=profile.user,
        category=category,
        tags=["wechat", "seo"],
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lin Wei" in html
    assert "Industry Analysis" in html
    assert "0</span> <span data-view-label" in html
    assert "Like (<span data-like-count>0</span>)" in html
    assert reverse("articles:tag", kwargs={"slug": "wechat"}) in html
    assert response.context["breadcrumbs"][-1] == ("Mini programs in 2026", None)
