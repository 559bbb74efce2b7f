"""The demo site is bilingual (#17): every demo article, service, case study, solution and
page in English and Chinese, linked as translations, except the few pieces the demo
modules' docstrings name as single-language on purpose."""

import pytest

from agency.site import demo as site_demo
from agency.site.models import MenuItem, Page, SiteSettings
from articles import demo as articles_demo
from articles.models import Article, Category
from services import demo as services_demo
from services.models import CaseStudy, Industry, Service, Solution

pytestmark = pytest.mark.django_db

TRANSLATED = (Article, Service, CaseStudy, Solution, Page)
# The single-language pieces, as the demo modules' docstrings list them for testers.
ENGLISH_ONLY = {
    (Article, "Entering China: a first-year digital plan for foreign brands"),
}
CHINESE_ONLY = {
    (Article, "视频号怎么做：微信私域的新入口"),
    (CaseStudy, "连锁茶饮品牌的企业微信私域运营"),
}
DOCSTRINGS = {
    Article: articles_demo.__doc__,
    CaseStudy: services_demo.__doc__,
}


@pytest.fixture(autouse=True)
def _media_root():
    """Every test here reads the demo's files where `demo` put them (the suite's own
    fixture of this name gives each test an empty folder)."""


def title(row):
    return getattr(row, "title", None) or row.name


def test_every_piece_has_its_translation_but_the_listed_single_language_ones(demo):
    single = {"en": set(), "zh-hans": set()}
    for model in TRANSLATED:
        rows = list(model.objects.all())
        assert {row.language for row in rows} == {"en", "zh-hans"}, model
        groups = {}
        for row in rows:
            groups.setdefault(row.translation_key, []).append(row)
        for group in groups.values():
            languages = sorted(row.language for row in group)
            if languages == ["en", "zh-hans"]:
                continue
            assert len(group) == 1, [title(row) for row in group]
            single[group[0].language].add((model, title(group[0])))
    assert single["en"] == ENGLISH_ONLY
    assert single["zh-hans"] == CHINESE_ONLY
    # Testers find them where the demo says so.
    for model, name in ENGLISH_ONLY | CHINESE_ONLY:
        assert name in DOCSTRINGS[model]


def test_each_translation_is_written_in_its_own_language(demo):
    for model in TRANSLATED:
        for row in model.objects.filter(language="zh-hans"):
            assert not title(row).isascii(), title(row)
            assert not row.body.isascii(), title(row)
        english = model.objects.filter(language="en")
        assert all(title(row).isascii() for row in english), model
    chinese_slugs = Article.objects.filter(language="zh-hans").values_list(
        "slug", flat=True
    )
    assert all(not slug.isascii() for slug in chinese_slugs)


def test_chinese_rows_link_chinese_rows(demo):
    for service in Service.objects.select_related("parent"):
        if service.parent is not None:
            assert service.parent.language == service.language
            # The sub-service's parent is its parent's translation.
            english = service.translations().get("en") or service
            assert english.parent.translation_key == service.parent.translation_key
    tree = {
        language: sorted(
            (str(s.parent.translation_key) if s.parent else "", str(s.translation_key))
            for s in Service.objects.filter(language=language).select_related("parent")
        )
        for language in ("en", "zh-hans")
    }
    assert tree["en"] == tree["zh-hans"]
    for case in CaseStudy.objects.prefetch_related("services", "results"):
        assert case.services.exists()
        assert {s.language for s in case.services.all()} == {case.language}
        assert case.results.exists() and case.images.exists()
        if case.language == "zh-hans":
            assert all(not r.label.isascii() for r in case.results.all())
    for solution in Solution.objects.prefetch_related("services", "case_studies"):
        linked = list(solution.services.all()) + list(solution.case_studies.all())
        assert linked
        assert {row.language for row in linked} == {solution.language}
    # The Chinese-only case is listed by a Chinese solution.
    only = CaseStudy.objects.get(title="连锁茶饮品牌的企业微信私域运营")
    assert only.solutions.filter(language="zh-hans").exists()


def test_each_language_has_its_own_tags_and_images(demo):
    def tag_names(rows):
        return {tag.name for row in rows for tag in row.tags.all()}

    for model in (Article, Service):
        english = tag_names(model.objects.filter(language="en"))
        chinese = tag_names(model.objects.filter(language="zh-hans"))
        # Only what Chinese writers spell in Latin letters too is shared.
        assert english & chinese <= {"H5", "SEO", "AI", "iOS", "Flutter"}
    assert {"小程序", "抖音运营", "小红书", "企业微信"} <= tag_names(
        Article.objects.filter(language="zh-hans")
    )
    for model, field in ((Article, "cover"), (Service, "image"), (CaseStudy, "cover")):
        for row in model.objects.filter(language="zh-hans"):
            original = row.translations().get("en")
            assert getattr(row, field)
            if original is not None:
                assert getattr(row, field).name != getattr(original, field).name


def test_shared_objects_have_their_chinese_wording(demo):
    site = SiteSettings.load()
    for field in (
        "site_name",
        "tagline",
        "footer_blurb",
        "address",
        "default_meta_description",
    ):
        assert not getattr(site, f"{field}_zh_hans").isascii(), field
    for category in Category.objects.all():
        for field in ("name", "description", "seo_title", "seo_description"):
            assert getattr(category, f"{field}_zh_hans"), (category.slug, field)
    assert all(i.name_zh_hans for i in Industry.objects.all())
    assert all(not m.label_zh_hans.isascii() for m in MenuItem.objects.all())


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["", "articles/", "services/", "cases/", "solutions/", "guanyu-women/"],
)
def test_chinese_pages_show_the_chinese_demo(demo, client, path):
    html = page(client, f"/zh-hans/{path}")
    assert "蓝峰数字" in html
    assert "微信开发" in html and "WeChat Development" not in html
    # The Chinese lists show Chinese pieces, none of the English ones.
    for english in ("Greenbasket", "Mini program or public account", "Bluepeak"):
        assert english not in html.replace("Bluepeak Digital", ""), (path, english)


@pytest.mark.parametrize("path", ["", "articles/", "services/", "cases/", "solutions/"])
def test_english_pages_show_the_english_demo(demo, client, path):
    html = page(client, f"/{path}")
    assert "Bluepeak Digital" in html and "WeChat Development" in html
    for chinese in ("绿篮子", "蓝峰数字", "视频号", "小程序开发"):
        assert chinese not in html, (path, chinese)


def test_the_lists_hold_each_language_s_pieces(demo, client):
    home = page(client, "/zh-hans/")
    # The Chinese-only case leads the Chinese home page's cases; the English has none.
    assert "连锁茶饮品牌的企业微信私域运营" in home and "绿篮子生鲜" in home
    assert "Greenbasket" in page(client, "/")
    articles = page(client, "/zh-hans/articles/")
    assert "小程序" in articles
    cases = page(client, "/zh-hans/cases/")
    assert "连锁茶饮品牌的企业微信私域运营" in cases
    assert "A fresh-food mall" in page(client, "/cases/")
    services = page(client, "/zh-hans/services/")
    for name in ("H5开发", "小程序开发", "小程序商城", "社交媒体运营"):
        assert name in services


def test_single_language_and_translated_pieces_have_pages(demo, client):
    english_only = Article.objects.get(title__startswith="Entering China")
    assert "WeChat" in page(client, english_only.get_absolute_url())
    for row in (
        Article.objects.get(title="视频号怎么做：微信私域的新入口"),
        Article.objects.get(slug="小程序商城上线前的十项检查"),
        Service.objects.get(slug="xiaochengxu-kaifa"),
        CaseStudy.objects.get(slug="chayu-shiguang-qiwei-siyu"),
        Solution.objects.get(slug="shengxian-xiaochengxu"),
    ):
        url = row.get_absolute_url()
        assert url.startswith("/zh-hans/")
        html = page(client, url)
        assert title(row) in html
    assert "企业微信" in page(client, "/zh-hans/cases/chayu-shiguang-qiwei-siyu/")


def test_a_second_run_adds_nothing(demo):
    counts = [model.objects.count() for model in (*TRANSLATED, MenuItem, Category)]
    site_demo.build()
    services_demo.build()
    articles_demo.build()
    assert [
        model.objects.count() for model in (*TRANSLATED, MenuItem, Category)
    ] == counts
