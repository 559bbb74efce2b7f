"""The article page in a real browser: the beacon updates the counts, Like toggles in
place with JavaScript and works through its own page without."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleLike
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium says "HeadlessChrome", which the view counter rightly takes for a bot.
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)


@pytest.fixture
def page(open_page):
    return open_page(1440, 900, user_agent=USER_AGENT)


@pytest.fixture
def phone_page(open_page):
    return open_page(360, 740, user_agent=USER_AGENT)


@pytest.fixture
def article(transactional_db):
    return ArticleFactory(
        title="Counting in the browser", tags=["wechat"], view_count=41, like_count=2
    )


def test_beacon_counts_the_view_and_like_toggles_in_place(page, article):
    page.goto(article.get_absolute_url())
    expect(page.locator("[data-view-count]")).to_have_text("42")
    button = page.locator("[data-like-button]")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("Like (2)")

    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_contain_text("Like (3)")
    assert page.url.endswith(article.get_absolute_url())  # no reload, no other page

    page.reload()  # the same visitor: counted once, still liking it
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-view-count]")).to_have_text("42")

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("Like (2)")
    assert Article.objects.get(pk=article.pk).like_count == 2
    assert not ArticleLike.objects.exists()


def test_like_without_javascript_goes_through_its_own_page(open_page, article):
    no_js = open_page(1440, 900, user_agent=USER_AGENT, java_script_enabled=False)
    no_js.goto(article.get_absolute_url())
    no_js.get_by_role("button", name=re.compile(r"Like \(2\)")).click()
    expect(no_js).to_have_url(re.compile(r"/like/\??$"))
    no_js.get_by_role("button", name="Like this article").click()
    expect(no_js).to_have_url(
        re.compile(re.escape(article.get_absolute_url()) + "#like$")
    )
    expect(no_js.locator("[data-like-count]")).to_have_text("3")
    # No beacon ran without JavaScript: nothing was counted.
    assert Article.objects.get(pk=article.pk).view_count == 41


def test_article_page_on_a_phone_has_no_horizontal_scroll(phone_page, article):
    phone_page.goto(article.get_absolute_url())
    expect(phone_page.locator("[data-view-count]")).to_have_text("42")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
