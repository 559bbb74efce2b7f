"""The containment search (the embedded SQLite demo; Chinese on PostgreSQL when the
full text finds nothing) and the catalogue's: English by stems, Chinese by its words,
snippets whose paragraphs stay apart."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import containment_search, snippet
from services.selectors import catalogue_search
from tests.factories import ArticleFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def found(query, **kwargs):
    return list(containment_search(Article.objects.all(), query, **kwargs))


def test_containment_finds_english_word_forms():
    hosted = ArticleFactory(title="We hosted the launch", body="<p>Text.</p>")
    ArticleFactory(title="Something else", body="<p>Text.</p>")
    assert found("hosting") == [hosted]
    assert found("launches") == [hosted]


def test_containment_finds_a_chinese_query_by_its_words_not_its_spelling():
    """小程序开发 is 小程序 and 开发: found where they are apart, too."""
    apart = ArticleFactory(title="小程序的开发流程", body="<p>内容。</p>")
    ArticleFactory(title="程序开发", body="<p>内容。</p>")
    assert found("小程序开发") == [apart]
    assert found("飞书") == []


def test_containment_finds_body_only_chinese_and_ranks_title_then_excerpt():
    in_body = ArticleFactory(
        title="年度总结", excerpt="一年。", body="<p>我们做抖音。</p>"
    )
    in_excerpt = ArticleFactory(
        title="案例", excerpt="抖音案例。", body="<p>内容。</p>"
    )
    in_title = ArticleFactory(title="抖音入门", excerpt="入门。", body="<p>内容。</p>")
    assert found("抖音") == [in_title, in_excerpt, in_body]
    assert found("抖音", body=False) == [in_title, in_excerpt]


def test_snippets_keep_paragraphs_apart():
    article = Article(
        body="<p>Say it first</p><p>Hosting comes next</p><ul><li>A</li></ul>"
    )
    html = str(snippet(article, "hosting"))
    assert "first <mark>Hosting</mark> comes next A" in html
    assert "firstHosting" not in html


def test_snippets_mark_chinese_words_and_escape():
    article = Article(body="<p>&lt;b&gt; 我们做小程序。</p><p>开发很快</p>")
    html = str(snippet(article, "小程序开发"))
    assert html == "&lt;b&gt; 我们做<mark>小程序</mark>。 <mark>开发</mark>很快"


def test_catalogue_search_splits_chinese_queries_into_words():
    service = ServiceFactory(name="小程序开发", summary="微信生态。")
    ServiceFactory(name="网站建设", summary="响应式网站。")
    titles = [match.title for match in catalogue_search("微信小程序", limit=4)]
    assert titles == [service.name]
    assert catalogue_search("抖音", limit=4) == []


def test_containment_looks_among_the_newest_articles_only(monkeypatch):
    """Bounded like full-text ranking: a Chinese query the full text does not find
    costs a few milliseconds at 100k articles, not a scan of every title."""
    monkeypatch.setattr("articles.search.CONTAINMENT_WINDOW", 3)
    oldest = ArticleFactory(title="抖音一", published_at=timezone.now() - timedelta(3))
    newer = [
        ArticleFactory(title=f"抖音{n}", published_at=timezone.now() - timedelta(n))
        for n in (1, 2)
    ]
    ArticleFactory(title="最新的无关文章")
    assert found("抖音") == newer
    assert oldest not in found("抖音")
