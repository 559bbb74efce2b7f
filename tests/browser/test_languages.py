"""Two languages in a real browser: a visitor switches language on an article, a
service and a page that has no translation; an editor makes a translation from the
original in the admin and publishes it."""

import re

from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory, translation_of
from tests.factories.agency import PageFactory
from tests.factories.services import ServiceFactory

from .conftest import admin_login


def switcher(page):
    return page.get_by_role("navigation", name=re.compile("Language|语言"))


def test_a_visitor_switches_an_article_to_its_translation_and_back(page, live_server):
    english = ArticleFactory(title="Mini programs for retail", slug="mini-retail")
    translation_of(
        english,
        ArticleFactory,
        title="零售小程序怎么做",
        slug="lingshou-xiaochengxu",
        category=english.category,
        author=english.author,
    )
    page.goto(english.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switcher(page).get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/articles/lingshou-xiaochengxu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text("零售小程序怎么做")
    switcher(page).get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/articles/mini-retail/$"))
    expect(page.locator("h1")).to_have_text("Mini programs for retail")


def test_a_visitor_switches_a_service_to_its_translation(page, live_server):
    english = ServiceFactory(name="Brand websites", slug="brand-websites")
    translation_of(
        english, ServiceFactory, name="品牌官网建设", slug="brand-websites-zh"
    )
    page.goto(english.get_absolute_url())
    switcher(page).get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/services/brand-websites-zh/$"))
    expect(page.locator("h1")).to_have_text("品牌官网建设")


def test_a_page_without_translation_switches_to_the_section_with_a_notice(
    page, live_server
):
    about = PageFactory(slug="about-us", title="About us")
    page.goto(about.get_absolute_url())
    switcher(page).get_by_role("link", name=re.compile("简体中文")).click()
    # Not silently to the home page: the Chinese home page says why it is there.
    expect(page).to_have_url(re.compile(r"/zh-hans/\?untranslated=en$"))
    expect(page.locator(".untranslated-notice")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


def test_an_editor_makes_a_chinese_translation_and_publishes_it(open_page, live_server):
    editor = EditorFactory(username="editor-translator")
    original = ArticleFactory(title="Cross-border stores", slug="cross-border-stores")
    page = open_page(1440, 900)
    admin_login(page, editor.username)

    page.goto("/admin/articles/article/?untranslated=zh-hans")
    row = page.locator("#result_list tr", has_text="Cross-border stores")
    row.get_by_role("link", name=re.compile("translate")).click()
    page.get_by_role("button", name=re.compile("Make the")).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Cross-border stores")

    copy = Article.objects.get(language="zh-hans")
    assert copy.translation_key == original.translation_key and not copy.is_live
    page.get_by_label("Title:", exact=True).fill("跨境电商独立站")
    page.get_by_label("Slug:").fill("kuajing-dulizhan")
    page.get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto("/zh-hans/articles/kuajing-dulizhan/")
    expect(page.locator("h1")).to_have_text("跨境电商独立站")
    switcher(page).get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Cross-border stores")
