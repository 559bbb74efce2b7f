"""RSS and Atom feeds of articles, read as a feed reader reads them."""

import pytest

from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
)

from .conftest import SITE
from .html import parse_xml

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def articles(site):
    profile = AuthorProfileFactory(display_name="Han Meimei")
    news = CategoryFactory(name="News", slug="news")
    industry = CategoryFactory(name="Industry", slug="industry", parent=news)
    other = CategoryFactory(name="Other", slug="other")
    return {
        "news": ArticleFactory(
            title="In news",
            slug="in-news",
            category=news,
            author=profile.user,
            excerpt="Fish &amp; chips",
            tags=["wechat"],
        ),
        "industry": ArticleFactory(
            title="In industry", slug="in-industry", category=industry
        ),
        "other": ArticleFactory(title="Elsewhere", slug="elsewhere", category=other),
        "draft": DraftArticleFactory(title="Draft", slug="draft", category=news),
        "scheduled": ScheduledArticleFactory(
            title="Later", slug="later", category=news
        ),
    }


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return channel, {item.findtext("link"): item for item in channel.findall("item")}


def test_site_rss_lists_published_articles_only(client, articles):
    channel, items = rss_items(client, "/feed/")
    assert channel.findtext("link") == f"{SITE}/articles/"
    assert set(items) == {
        f"{SITE}/articles/in-news/",
        f"{SITE}/articles/in-industry/",
        f"{SITE}/articles/elsewhere/",
    }
    item = items[f"{SITE}/articles/in-news/"]
    assert item.findtext("title") == "In news"
    assert item.findtext("description") == "Fish & chips"
    assert item.findtext("guid") == f"{SITE}/articles/in-news/"
    assert item.findtext("pubDate")
    assert "Han Meimei" in item.findtext(
        "{http://purl.org/dc/elements/1.1/}creator", ""
    ) + item.findtext("author", "")
    assert {c.text for c in item.findall("category")} == {"News", "wechat"}
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == f"{SITE}/feed/"


def test_site_atom_lists_published_articles_only(client, articles):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    entries = feed.findall("a:entry", ATOM)
    links = {e.find("a:link", ATOM).get("href") for e in entries}
    assert links == {
        f"{SITE}/articles/in-news/",
        f"{SITE}/articles/in-industry/",
        f"{SITE}/articles/elsewhere/",
    }
    for entry in entries:
        assert entry.findtext("a:title", namespaces=ATOM)
        assert entry.findtext("a:updated", namespaces=ATOM)
        assert entry.findtext("a:published", namespaces=ATOM)


def test_category_feed_includes_sub_categories_only(client, articles):
    channel, items = rss_items(client, "/articles/category/news/feed/")
    assert set(items) == {f"{SITE}/articles/in-news/", f"{SITE}/articles/in-industry/"}
    assert channel.findtext("link") == f"{SITE}/articles/category/news/"
    assert "News" in channel.findtext("title")
    feed = parse_xml(client.get("/articles/category/industry/feed/atom/").content)
    links = {e.find("a:link", ATOM).get("href") for e in feed.findall("a:entry", ATOM)}
    assert links == {f"{SITE}/articles/in-industry/"}


def test_unknown_category_feed_is_404(client, articles):
    assert client.get("/articles/category/nope/feed/").status_code == 404
