"""A visitor searches in Chinese from the header and finds a word only in an article's
body, marked in its snippet (#17)."""

import re

from playwright.sync_api import expect

from tests.factories import ArticleFactory


def test_a_chinese_search_finds_a_body_only_word(page):
    found = ArticleFactory(
        title="社交媒体营销指南",
        excerpt="品牌如何做内容。",
        body="<p>第一段讲公众号。</p><p>我们为客户做抖音代运营，三个月涨粉十万。</p>",
    )
    ArticleFactory(title="直播带货", excerpt="快手。", body="<p>我们做快手直播。</p>")

    page.goto("/")
    search = page.locator("#header-q")
    search.fill("抖音")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=%E6%8A%96%E9%9F%B3$"))
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link", name=found.title)).to_be_visible()
    expect(results.locator(".search-snippet mark")).to_have_text("抖音")
    expect(results.locator(".search-snippet")).to_contain_text("抖音代运营")
    expect(page.locator(".search-results")).not_to_contain_text("直播带货")

    results.get_by_role("link", name=found.title).click()
    expect(page.locator("h1")).to_have_text(found.title)
