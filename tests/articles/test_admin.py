from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, DraftArticleFactory

pytestmark = pytest.mark.django_db


def test_changelist_shows_status_category_author_time_views_and_likes(editor_client):
    ArticleFactory(title="Counted piece", view_count=321, like_count=12)
    DraftArticleFactory(title="Unfinished piece")
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    for column in ("Status", "Category", "Author", "Published", "Views", "Likes"):
        assert column in html
    assert "Counted piece" in html and "321" in html and "12" in html
    assert "Draft" in html


def test_changelist_filters_and_searches(editor_client):
    ArticleFactory(title="Findable mini program piece")
    DraftArticleFactory(title="Some draft")
    url = reverse("admin:articles_article_changelist")
    found = editor_client.get(url, {"q": "findable"}).content.decode()
    assert "Findable mini program piece" in found and "Some draft" not in found
    drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Some draft" in drafts and "Findable mini program piece" not in drafts


def test_editor_adds_an_article_with_tags_and_a_slug_from_the_title(
    editor_client, editor
):
    category = CategoryFactory()
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Written in the admin",
            "slug": "",
            "category": category.pk,
            "tags": "wechat, mini program",
            "excerpt": "",
            "body": "<p>Hello from the editor.</p>",
            "status": "published",
            "published_at_0": "2026-01-05",
            "published_at_1": "10:00:00",
            "author": editor.pk,
            "seo_title": "",
            "seo_description": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.slug == "written-in-the-admin"
    assert sorted(t.name for t in article.tags.all()) == ["mini program", "wechat"]
    assert article.excerpt == "Hello from the editor."


def change_form(client, article):
    """The HTML of the article's change form in the admin."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.get(url).content.decode()


def test_slug_is_read_only_once_published(editor_client):
    published = ArticleFactory()
    draft = DraftArticleFactory()
    published_form = change_form(editor_client, published)
    draft_form = change_form(editor_client, draft)
    assert 'name="slug"' not in published_form
    assert 'name="slug"' in draft_form


def test_view_on_site_goes_to_the_preview_for_drafts(editor_client):
    draft = DraftArticleFactory()
    live = ArticleFactory()
    draft_page = change_form(editor_client, draft)
    live_page = change_form(editor_client, live)
    assert f'href="/articles/preview/{draft.pk}/" class="viewsitelink"' in draft_page
    assert f'href="{live.get_absolute_url()}" class="viewsitelink"' in live_page


def test_sales_cannot_open_the_articles_admin(sales_client):
    response = sales_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 403


def test_publish_now_and_back_to_draft_actions(editor_client):
    draft = DraftArticleFactory(title="Ready to go")
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=2))
    url = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        url,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )
    assert "2 articles published." in response.content.decode()
    assert (
        Article.objects.published().filter(pk__in=[draft.pk, scheduled.pk]).count() == 2
    )
    editor_client.post(url, {"action": "make_draft", "_selected_action": [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_changelist_queries_do_not_grow_with_the_rows(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agency.site.models import SiteSettings

    SiteSettings.load()  # made on first use otherwise, which retires what that page kept
    url = reverse("admin:articles_article_changelist")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    # Dates over several years, so the date hierarchy shows years both times.
    for n in range(3):
        ArticleFactory(
            tags=["a"], published_at=timezone.now() - timedelta(days=400 * n)
        )
    count()  # the site frame and settings are cached from here on
    few = count()
    for n in range(20):
        ArticleFactory(
            tags=["b", "c"], published_at=timezone.now() - timedelta(days=70 * n)
        )
    count()  # new categories retired the cached site frame: rebuild it first
    assert count() == few
