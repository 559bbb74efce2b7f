import pytest

from services import demo
from services.models import (
    CaseStudy,
    CaseStudyImage,
    CaseStudyResult,
    Service,
    Solution,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        if hasattr(model, "updated_at")
        else sorted(model.objects.values_list("pk", flat=True))
        for model in (Service, CaseStudy, Solution, CaseStudyImage, CaseStudyResult)
    }


def test_demo_builds_the_catalogue_and_is_idempotent():
    demo.build()
    for language in ("en", "zh-hans"):
        services = Service.objects.filter(language=language)
        assert services.filter(parent__isnull=True).count() == 7
        assert CaseStudy.objects.filter(language=language).count() >= 6
        assert Solution.objects.filter(language=language).count() == 3
    assert set(
        Service.objects.get(slug="wechat-development").children.values_list(
            "slug", flat=True
        )
    ) == {"mini-program", "mini-program-mall"}
    assert set(
        Service.objects.get(slug="weixin-kaifa").children.values_list("slug", flat=True)
    ) == {"xiaochengxu-kaifa", "xiaochengxu-shangcheng"}
    assert Service.objects.get(slug="social-media").parent.slug == "digital-marketing"
    assert Service.objects.get(slug="shejiao-meiti-yunying").parent.slug == (
        "shuzi-yingxiao"
    )
    assert all(s.image for s in Service.objects.all())
    assert all(c.cover and c.results.exists() for c in CaseStudy.objects.all())
    before = snapshot()
    demo.build()
    assert snapshot() == before


def test_demo_uses_the_menu_slugs():
    demo.build()
    for slug in (
        "h5-development",
        "wechat-development",
        "mini-program",
        "mini-program-mall",
        "app-development",
        "website-development",
        "seo-optimization",
        "short-video",
        "digital-marketing",
        "social-media",
    ):
        assert Service.objects.get(slug=slug).get_absolute_url() == f"/services/{slug}/"


def test_chinese_catalogue_translates_the_english_one():
    demo.build()
    mall = Service.objects.get(slug="mini-program-mall")
    chinese = mall.translations()["zh-hans"]
    assert chinese.name == "小程序商城"
    assert chinese.parent == mall.parent.translations()["zh-hans"]
    assert chinese.order == mall.order and chinese.featured == mall.featured
    case = CaseStudy.objects.get(slug="greenbasket-fresh-food-mall")
    translation = case.translations()["zh-hans"]
    assert translation.results.count() == case.results.count()
    assert [r.label for r in translation.results.all()] == [
        "线上订单量",
        "复购用户占比",
        "开发上线",
    ]
    assert set(translation.services.values_list("slug", flat=True)) == {
        "xiaochengxu-shangcheng",
        "shejiao-meiti-yunying",
    }
    solution = Solution.objects.get(slug="shengxian-xiaochengxu")
    assert set(solution.case_studies.values_list("slug", flat=True)) == {
        "lvlanzi-shengxian-shangcheng",
        "luming-chashe-chunji-h5",
        "chayu-shiguang-qiwei-siyu",
    }
    for service in Service.objects.filter(language="zh-hans"):
        # Each step reads as a name and its detail, as the English ones do.
        assert all(detail for _name, detail in service.step_list), service.slug
        assert len(service.deliverable_list) >= 4
    only = CaseStudy.objects.get(slug="chayu-shiguang-qiwei-siyu")
    assert only.language == "zh-hans" and not only.translations()
