"""The menu points at services, cases, solutions and categories chosen in the admin."""

import pytest

from agency.site.models import MenuItem, SiteSettings
from tests.factories import (
    CaseStudyFactory,
    CategoryFactory,
    ServiceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    return SiteSettings.load()


@pytest.mark.parametrize(
    ("field", "factory"),
    [
        ("service", ServiceFactory),
        ("case_study", CaseStudyFactory),
        ("solution", SolutionFactory),
        ("category", CategoryFactory),
    ],
)
def test_internal_target_follows_a_changed_slug(client, field, factory):
    target = factory(slug="old-slug")
    MenuItem.objects.create(label="Target", **{field: target})
    assert f'href="{target.get_absolute_url()}"' in client.get("/").content.decode()
    target.slug = "new-slug"
    target.save()
    html = client.get("/").content.decode()
    assert f'href="{target.get_absolute_url()}"' in html
    assert "old-slug" not in html


def test_unpublished_service_leaves_the_menu(client):
    service = ServiceFactory(name="Hidden service")
    MenuItem.objects.create(label="Hidden entry", service=service)
    assert "Hidden entry" in client.get("/").content.decode()
    service.published = False
    service.save()
    assert "Hidden entry" not in client.get("/").content.decode()


def test_editor_chooses_a_service_target_in_the_admin(editor_client):
    service = ServiceFactory(name="Mini Program")
    response = editor_client.post(
        "/admin/agency/menuitem/add/",
        {
            "label": "Mini programs",
            "order": 5,
            "service": service.pk,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = MenuItem.objects.get(label="Mini programs")
    assert item.service == service
    assert item.get_url() == service.get_absolute_url()


def test_demo_menu_points_at_real_objects_not_typed_urls(demo):
    wechat = MenuItem.objects.get(label="WeChat Development")
    assert wechat.service is not None and wechat.url == ""
    analysis = MenuItem.objects.get(label="Industry Analysis")
    assert analysis.category is not None and analysis.url == ""
    assert not MenuItem.objects.exclude(url="").exists()
