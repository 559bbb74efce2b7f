"""Search that understands Chinese (issue #17): Chinese is cut into words and character
pairs in Python on save, wherever it stands, and English keeps its stemming."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.models.article import search_vector
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    return list(response.context["results"]), response.content.decode()


# A word only in an article's body, found and marked: tests/browser/test_search_chinese.py.


def test_a_dictionary_word_jieba_would_cut_apart_is_found_in_titles(client):
    """Plain jieba reads 小程序开发 as 小 / 程序开发; the site's dictionary and the pairs
    find 小程序 all the same."""
    article = ArticleFactory(title="小程序开发的十个坑", body="<p>内容。</p>")
    results, html = search(client, "小程序")
    assert results == [article]
    assert "<mark>小程序</mark>开发的十个坑" in html


def test_chinese_that_is_not_in_any_article_finds_nothing(client):
    ArticleFactory(title="小程序开发的十个坑", body="<p>程序员的日常。</p>")
    assert search(client, "飞书")[0] == []
    # Its characters apart are not the word: 程序 is there, 小程序 only in the title.
    assert search(client, "程序员")[0] != []
    assert search(client, "员程")[0] == []


def test_every_chinese_word_of_the_query_is_required(client):
    both = ArticleFactory(title="小程序与抖音", body="<p>两者都讲。</p>")
    ArticleFactory(title="小程序上线", body="<p>只讲一个。</p>")
    assert search(client, "小程序 抖音")[0] == [both]
    # Chinese punctuation between them is no word of its own.
    assert search(client, "小程序，抖音")[0] == [both]
    # A run without spaces is read as its words, wherever they stand in the text.
    assert search(client, "小程序与抖音")[0] == [both]
    assert search(client, "抖音小程序")[0] == [both]
    assert search(client, "抖音小程序上线")[0] == []


def test_chinese_title_matches_rank_above_body_matches(client):
    in_body = ArticleFactory(
        title="年度总结", body="<p>我们今年做了很多视频号项目。</p>"
    )
    in_title = ArticleFactory(title="视频号运营入门", body="<p>内容。</p>")
    assert search(client, "视频号")[0] == [in_title, in_body]


def test_chinese_inside_an_english_article_is_found_and_english_still_stems(client):
    article = ArticleFactory(
        title="Working with our clients",
        excerpt="Notes from the year.",
        body="<p>We hosted a launch for 小红书 and moved their shop.</p>",
    )
    assert search(client, "小红书")[0] == [article]
    results, html = search(client, "hosting")
    assert results == [article]
    assert "<mark>hosted</mark>" in html
    # English and Chinese in one query: both are required.
    assert search(client, "hosting 小红书")[0] == [article]
    assert search(client, "hosting 小程序")[0] == []


def test_english_in_a_chinese_article_keeps_stemming(client):
    article = ArticleFactory(title="SEO 优化：网站 hosting 指南", body="<p>正文。</p>")
    assert search(client, "hosted")[0] == [article]
    assert search(client, "seo 网站")[0] == [article]


def test_english_next_to_curly_quotes_is_a_word_of_its_own(client):
    """A C-locale database takes every non-ASCII character for a letter: without care
    “lighthouse” would be one token and the word not found."""
    article = ArticleFactory(title="The “lighthouse” report", body="<p>Text.</p>")
    assert search(client, "lighthouse")[0] == [article]


def test_a_single_chinese_character_finds_the_words_it_begins(client):
    article = ArticleFactory(title="抖音运营", body="<p>内容。</p>")
    assert search(client, "抖")[0] == [article]


def test_chinese_snippets_show_the_match_and_keep_paragraphs_apart(client):
    filler = "这是一段很长的铺垫文字，" * 20
    ArticleFactory(
        title="长文",
        excerpt="摘要。",
        body=f"<p>{filler}</p><p>企业微信</p><p>接入方法如下。</p>",
    )
    _results, html = search(client, "企业微信")
    snippet = html.split('class="search-snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>企业微信</mark> 接入方法" in snippet
    # Shown as written: full-width punctuation stays full-width.
    assert "铺垫文字，" in snippet
    # Around the match, not the start of the body, and cut where it was cut.
    assert snippet.startswith("… ")
    assert len(snippet) < 200


def test_chinese_snippets_escape_html(client):
    ArticleFactory(
        title="转义 <b>标签</b>",
        body="<p>写 &lt;script&gt;alert(1)&lt;/script&gt; 关于抖音。</p>",
    )
    _results, html = search(client, "抖音")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "转义 &lt;b&gt;标签&lt;/b&gt;" in html


def test_search_follows_edits_of_chinese_text(client):
    article = ArticleFactory(title="钉钉集成", body="<p>内容。</p>")
    article.title = "飞书集成"
    article.save()
    assert search(client, "飞书")[0] == [article]
    assert search(client, "钉钉")[0] == []


def test_reindex_command_cuts_the_chinese_of_documents_made_in_sql(client):
    """Documents made before (or in bulk, in SQL) knew no Chinese words; the command
    makes them again."""
    article = ArticleFactory(
        title="旧文章", excerpt="摘要。", body="<p>我们做跨境电商独立站。</p>"
    )
    Article.objects.filter(pk=article.pk).update(search_document=search_vector())
    assert search(client, "独立站")[0] == []

    call_command("search_reindex", stdout=None)

    assert search(client, "独立站")[0] == [article]
