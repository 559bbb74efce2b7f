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
    assert Service.objects.filter(parent__isnull=True).count() == 7
    assert set(
        Service.objects.get(slug="wechat-development").children.values_list(
            "slug", flat=True
        )
    ) == {"mini-program", "mini-program-mall"}
    assert Service.objects.get(slug="social-media").parent.slug == "digital-marketing"
    assert CaseStudy.objects.count() >= 6
    assert Solution.objects.count() == 3
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
