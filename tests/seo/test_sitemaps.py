"""/sitemap.xml and its sections, read as a search engine reads them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    CategoryFactory,
    DraftArticleFactory,
    PageFactory,
    ScheduledArticleFactory,
    ServiceFactory,
    SolutionFactory,
)

from .conftest import SITE
from .html import parse_xml

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_xml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return parse_xml(response.content)


def section_entries(client, section):
    root = read_xml(client.get(f"/sitemap-{section}.xml"))
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_index_lists_every_section_on_the_public_url(client, site):
    root = read_xml(client.get("/sitemap.xml"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [
        s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)
    ]
    assert locations == [
        f"{SITE}/sitemap-{section}.xml"
        for section in (
            "sections",
            "pages",
            "articles",
            "categories",
            "tags",
            "services",
            "cases",
            "solutions",
            "campaigns",
        )
    ]


def local_date(moment):
    return timezone.localtime(moment).date().isoformat()


def test_articles_section_lists_published_articles_only_with_lastmod(client, site):
    live = ArticleFactory(slug="live")
    DraftArticleFactory(slug="draft")
    ScheduledArticleFactory(slug="scheduled")
    entries = section_entries(client, "articles")
    assert list(entries) == [f"{SITE}/articles/live/"]
    # The date as the site's time zone has it (Asia/Shanghai), as the sitemap writes it:
    # from 16:00 UTC it is already the next day there.
    assert entries[f"{SITE}/articles/live/"] == local_date(live.updated_at)


def test_chinese_slugs_are_percent_encoded(client, site):
    ArticleFactory(title="小程序开发指南", slug="小程序开发指南")
    [location] = section_entries(client, "articles")
    assert (
        location
        == f"{SITE}/articles/%E5%B0%8F%E7%A8%8B%E5%BA%8F%E5%BC%80%E5%8F%91%E6%8C%87%E5%8D%97/"
    )


def test_categories_with_published_articles_and_their_parents(client, site):
    parent = CategoryFactory(slug="news")
    child = CategoryFactory(slug="industry", parent=parent)
    CategoryFactory(slug="empty")
    drafts_only = CategoryFactory(slug="drafts-only")
    DraftArticleFactory(category=drafts_only)
    old = ArticleFactory(category=child)
    type(old).objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=400)
    )
    entries = section_entries(client, "categories")
    assert set(entries) == {
        f"{SITE}/articles/category/news/",
        f"{SITE}/articles/category/industry/",
    }
    old.refresh_from_db()
    assert entries[f"{SITE}/articles/category/news/"] == local_date(old.updated_at)


def test_tags_in_use_by_published_articles(client, site):
    ArticleFactory(tags=["wechat", "seo"])
    DraftArticleFactory(tags=["secret"])
    entries = section_entries(client, "tags")
    assert set(entries) == {
        f"{SITE}/articles/tag/wechat/",
        f"{SITE}/articles/tag/seo/",
    }
    assert all(entries.values())


def test_services_cases_solutions_and_pages_published_only(client, site):
    ServiceFactory(slug="apps")
    ServiceFactory(slug="hidden", published=False)
    CaseStudyFactory(slug="shop")
    CaseStudyFactory(slug="secret", published=False)
    SolutionFactory(slug="fresh-food")
    PageFactory(slug="about")
    PageFactory(slug="draft-page", published=False)
    assert set(section_entries(client, "services")) == {f"{SITE}/services/apps/"}
    assert set(section_entries(client, "cases")) == {f"{SITE}/cases/shop/"}
    assert set(section_entries(client, "solutions")) == {
        f"{SITE}/solutions/fresh-food/"
    }
    pages = section_entries(client, "pages")
    assert set(pages) == {f"{SITE}/about/"}
    assert all(pages.values())


def test_sections_section_lists_home_and_landing_pages(client, site):
    entries = section_entries(client, "sections")
    assert f"{SITE}/" in entries
    assert f"{SITE}/articles/" in entries
    assert f"{SITE}/services/" in entries
    assert all(entries.values())


def test_unknown_section_is_404(client, site):
    assert client.get("/sitemap-nope.xml").status_code == 404
