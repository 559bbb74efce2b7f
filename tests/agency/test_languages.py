"""The site in two languages: translations linked, each language's pages, switching,
search engines' alternates, and editors making a translation."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from agency.site.models import MenuItem, Page, SiteSettings
from articles.models import Article
from services.models import Service
from tests.factories.agency import PageFactory
from tests.factories.articles import ArticleFactory, CategoryFactory
from tests.factories.services import ServiceFactory
from tests.factories.translations import translation_of

pytestmark = pytest.mark.django_db


def translated_pair(**kwargs):
    english = ArticleFactory(title="Mini programs for retail", slug="mini-programs")
    chinese = translation_of(
        english,
        ArticleFactory,
        title="零售小程序",
        slug="lingshou-xiaochengxu",
        category=english.category,
        **kwargs,
    )
    return english, chinese


def hreflangs(html):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    )


@pytest.mark.parametrize(
    "english_path, chinese_path",
    [("/articles/", "/zh-hans/articles/"), ("/feed/", "/zh-hans/feed/")],
    ids=["lists", "feeds"],
)
def test_each_language_lists_and_feeds_its_own_articles_only(
    client, english_path, chinese_path
):
    english, chinese = translated_pair()
    english_list = client.get(english_path).content.decode()
    chinese_list = client.get(chinese_path).content.decode()
    assert english.title in english_list and chinese.title not in english_list
    assert chinese.title in chinese_list and english.title not in chinese_list


def test_an_article_and_its_translation_name_each_other(client):
    english, chinese = translated_pair()
    assert chinese.get_absolute_url() == "/zh-hans/articles/lingshou-xiaochengxu/"
    page = client.get(english.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    links = hreflangs(page)
    assert links["en"].endswith("/articles/mini-programs/")
    assert links["zh-Hans"].endswith("/zh-hans/articles/lingshou-xiaochengxu/")
    assert links["x-default"] == links["en"]
    assert 'property="og:locale:alternate" content="zh_CN"' in page

    chinese_page = client.get(chinese.get_absolute_url()).content.decode()
    assert '<html lang="zh-Hans">' in chinese_page
    assert '"inLanguage": "zh-Hans"' in chinese_page
    # The switcher on the Chinese page goes to the English article itself.
    switcher = chinese_page.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/articles/mini-programs/"' in switcher


def test_a_draft_translation_is_not_an_alternate(client):
    english, _chinese = translated_pair(status=Article.Status.DRAFT)
    page = client.get(english.get_absolute_url()).content.decode()
    assert hreflangs(page) == {}
    assert client.get("/zh-hans/articles/lingshou-xiaochengxu/").status_code == 404


def test_switching_from_an_untranslated_article_goes_to_the_section_with_a_notice(
    client,
):
    article = ArticleFactory(slug="only-in-english")
    page = client.get(article.get_absolute_url()).content.decode()
    switcher = page.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/zh-hans/articles/?untranslated=en"' in switcher
    section = client.get("/zh-hans/articles/?untranslated=en").content.decode()
    assert "untranslated-notice" in section
    # Not on the section opened normally.
    assert (
        "untranslated-notice" not in client.get("/zh-hans/articles/").content.decode()
    )


def test_a_page_without_translation_switches_to_the_other_home_page_with_notice(
    client,
):
    page = PageFactory(slug="about", title="About us")
    html = client.get(page.get_absolute_url()).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/zh-hans/?untranslated=en"' in switcher
    assert (
        "untranslated-notice"
        in client.get("/zh-hans/?untranslated=en").content.decode()
    )


def test_an_address_in_the_wrong_language_redirects_to_the_translation(client):
    english, chinese = translated_pair()
    # A Chinese slug at an English address: the piece in English, where it is written.
    response = client.get("/articles/lingshou-xiaochengxu/")
    assert response.status_code == 302
    assert response["Location"] == english.get_absolute_url()
    # Where it is not, the piece in the language it is written in.
    solo = ArticleFactory(slug="zhi-you-zhongwen", language="zh-hans")
    response = client.get("/articles/zhi-you-zhongwen/")
    assert response["Location"] == solo.get_absolute_url()
    assert chinese.get_absolute_url().startswith("/zh-hans/")


def test_service_pages_switch_to_their_translation(client):
    english = ServiceFactory(name="Mini programs", slug="mini-programs")
    chinese = translation_of(
        english, ServiceFactory, name="小程序开发", slug="mini-programs-zh"
    )
    html = client.get("/zh-hans/services/mini-programs-zh/").content.decode()
    assert "小程序开发" in html
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert f'href="{english.get_absolute_url()}"' in switcher
    catalogue = client.get("/zh-hans/services/").content.decode()
    assert chinese.name in catalogue and english.name not in catalogue


def test_shared_objects_show_their_chinese_wording(client):
    category = CategoryFactory(name="Insights", name_zh_hans="洞察")
    ArticleFactory(category=category, language="zh-hans", slug="zh-one")
    site = SiteSettings.load()
    site.tagline, site.tagline_zh_hans = "Digital growth", "数字增长"
    site.save()
    MenuItem.objects.create(
        label="Articles", label_zh_hans="文章", section="articles:article_list"
    )
    html = client.get(
        category.get_absolute_url().replace("/articles/", "/zh-hans/articles/", 1)
    ).content.decode()
    assert "洞察" in html
    home = client.get("/zh-hans/").content.decode()
    assert "数字增长" in home and ">文章<" in home
    assert 'href="/zh-hans/articles/"' in home
    english_home = client.get("/").content.decode()
    assert ">Articles<" in english_home and "Digital growth" in english_home


def test_a_chinese_articles_cards_name_their_category_in_chinese(client):
    """The related reading's cards (read with the neighbours in one query) name the
    category as a list's cards do, and the card a list keeps is the same."""
    category = CategoryFactory(name="Insights", name_zh_hans="洞察")
    article = ArticleFactory(
        category=category, language="zh-hans", slug="zh-one", tags=["seo"]
    )
    related = ArticleFactory(
        category=category, language="zh-hans", slug="zh-two", tags=["seo"]
    )

    page = client.get(article.get_absolute_url()).content.decode()
    cards = page[page.index('class="related"') :]
    assert related.title in cards and '<a class="badge"' in cards
    badge = (
        f'<a class="badge" href="/zh-hans/articles/category/{category.slug}/">洞察</a>'
    )
    assert badge in cards and ">Insights</a>" not in cards
    listing = client.get("/zh-hans/articles/").content.decode()
    assert badge in listing and ">Insights</a>" not in listing


def test_the_sitemap_lists_both_languages_with_alternates(client):
    english, chinese = translated_pair()
    ArticleFactory(slug="solo")
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert "/articles/mini-programs/" in xml and "/zh-hans/articles/" in xml
    assert 'hreflang="zh-Hans"' in xml and 'hreflang="x-default"' in xml
    solo_entry = xml.split("/articles/solo/</loc>")[1].split("</url>")[0]
    assert "hreflang" not in solo_entry
    sections = client.get("/sitemap-sections.xml").content.decode()
    assert "/zh-hans/services/" in sections


def test_a_save_retires_both_languages_cached_pages(client):
    english = ArticleFactory(title="Cached", slug="cached")
    client.get(english.get_absolute_url())  # now cached, with no alternates
    chinese = translation_of(
        english, ArticleFactory, slug="cached-zh", status=Article.Status.DRAFT
    )
    chinese.status = Article.Status.PUBLISHED
    chinese.save()
    page = client.get(english.get_absolute_url()).content.decode()
    assert "zh-Hans" in hreflangs(page)


# --- Editors ------------------------------------------------------------------------


def test_an_editor_makes_a_translation_in_one_click(editor_client):
    article = ArticleFactory(title="Brand sites", slug="brand-sites")
    article.tags.add("websites")
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    translate_url = reverse(
        "admin:articles_article_translate", args=[article.pk, "zh-hans"]
    )
    assert translate_url in changelist.content.decode()
    missing = editor_client.get(
        reverse("admin:articles_article_changelist") + "?untranslated=zh-hans"
    )
    assert "Brand sites" in missing.content.decode()

    assert editor_client.get(translate_url).status_code == 200  # asks first
    assert Article.objects.count() == 1
    response = editor_client.post(translate_url)
    copy = Article.objects.get(language="zh-hans")
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[copy.pk]
    )
    assert copy.translation_key == article.translation_key
    assert copy.status == Article.Status.DRAFT and copy.title == "Brand sites"
    assert copy.slug != article.slug and copy.view_count == 0

    # Translated and saved as any article is; then it is live and not "missing".
    form = editor_client.get(response["Location"]).content.decode()
    version = re.search(r'name="_version" value="([^"]+)"', form).group(1)
    saved = editor_client.post(
        response["Location"],
        {
            "language": "zh-hans",
            "title": "品牌官网",
            "slug": "品牌官网",
            "category": copy.category_id,
            "tags": "官网",
            "excerpt": "",
            "body": "<p>品牌官网建设</p>",
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "author": copy.author_id,
            "seo_title": "",
            "seo_description": "",
            "_version": version,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    copy.refresh_from_db()
    assert copy.title == "品牌官网" and copy.is_live
    missing = editor_client.get(
        reverse("admin:articles_article_changelist") + "?untranslated=zh-hans"
    )
    assert "Brand sites" not in missing.content.decode()


def test_a_second_translation_in_one_language_is_refused_with_a_message(editor_client):
    english, chinese = translated_pair()
    url = reverse("admin:articles_article_change", args=[chinese.pk])
    form = editor_client.get(url).content.decode()
    version = re.search(r'name="_version" value="([^"]+)"', form).group(1)
    response = editor_client.post(
        url,
        {
            "language": "en",
            "title": chinese.title,
            "slug": chinese.slug,
            "category": chinese.category_id,
            "body": chinese.body,
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "author": chinese.author_id,
            "_version": version,
        },
    )
    assert response.status_code == 200
    assert "already has a translation in that language" in response.content.decode()


def test_a_service_translation_keeps_its_tree_in_its_language(editor_client):
    parent = ServiceFactory(name="Development", slug="development")
    child = ServiceFactory(name="Mini programs", slug="mini", parent=parent)
    editor_client.post(
        reverse("admin:services_service_translate", args=[parent.pk, "zh-hans"])
    )
    editor_client.post(
        reverse("admin:services_service_translate", args=[child.pk, "zh-hans"])
    )
    chinese_child = Service.objects.get(language="zh-hans", parent__isnull=False)
    assert chinese_child.parent.language == "zh-hans"
    assert chinese_child.parent.translation_key == parent.translation_key
    assert not chinese_child.published


def test_the_menu_links_to_the_page_in_the_visitors_language(client):
    english = PageFactory(slug="about", title="About")
    translation_of(english, PageFactory, slug="guanyu", title="关于我们")
    MenuItem.objects.create(label="About", label_zh_hans="关于", page=english)
    assert 'href="/zh-hans/guanyu/"' in client.get("/zh-hans/").content.decode()
    assert 'href="/about/"' in client.get("/").content.decode()
    assert Page.objects.published(language=None).count() == 2


def test_category_and_tag_sitemaps_name_each_language_they_have_articles_in(client):
    english, chinese = translated_pair()
    chinese.tags.add("小程序")
    english.tags.add("retail")
    categories = client.get("/sitemap-categories.xml").content.decode()
    slug = english.category.slug
    assert f"/articles/category/{slug}/</loc>" in categories
    assert f"/zh-hans/articles/category/{slug}/</loc>" in categories
    assert 'hreflang="zh-Hans"' in categories
    tags = client.get("/sitemap-tags.xml").content.decode()
    assert "/articles/tag/retail/</loc>" in tags
    assert "/zh-hans/articles/tag/" in tags
    assert "/zh-hans/articles/tag/retail/" not in tags


def test_a_page_address_in_the_wrong_language_redirects_and_a_missing_one_is_404(
    client,
):
    english = PageFactory(slug="about", title="About")
    translation_of(english, PageFactory, slug="guanyu", title="关于我们")
    assert client.get("/guanyu/")["Location"] == "/about/"
    assert client.get("/zh-hans/about/")["Location"] == "/zh-hans/guanyu/"
    assert client.get("/zh-hans/no-such-page/").status_code == 404


def test_an_english_slug_under_the_chinese_prefix_opens_the_chinese_translation(client):
    english = PageFactory(slug="privacy", title="Privacy")
    translation_of(english, PageFactory, slug="yinsi", title="隐私政策")
    assert client.get("/zh-hans/privacy/")["Location"] == "/zh-hans/yinsi/"


def test_steps_split_at_a_chinese_colon_too():
    service = ServiceFactory(steps="需求沟通：一次工作坊\nDiscovery: a workshop")
    assert service.step_list == [
        ("需求沟通", "一次工作坊"),
        ("Discovery", "a workshop"),
    ]


def test_an_author_bio_reads_in_the_pages_language(client):
    from articles.models import AuthorProfile

    english = ArticleFactory(slug="bio-en")
    chinese = translation_of(
        english, ArticleFactory, slug="bio-zh", author=english.author
    )
    AuthorProfile.objects.create(
        user=english.author,
        display_name="Mei Chen",
        bio="Product lead.",
        bio_zh_hans="产品负责人。",
    )
    assert "Product lead." in client.get(english.get_absolute_url()).content.decode()
    assert "产品负责人。" in client.get(chinese.get_absolute_url()).content.decode()


def test_a_chinese_articles_poster_is_drawn_with_chinese_labels(client):
    from articles.poster import poster_inputs

    _english, chinese = translated_pair()
    site = SiteSettings.load()
    site.site_name_zh_hans = "蓝峰数字"
    site.save()
    response = client.get(f"{chinese.get_absolute_url()}poster.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with translation.override("zh-hans"):
        inputs = poster_inputs(chinese, site)
    assert inputs["site_name"] == "蓝峰数字"
    assert inputs["scan_hint"] != "Scan the QR code to read the article"
    assert inputs["url"].endswith("/zh-hans/articles/lingshou-xiaochengxu/")
