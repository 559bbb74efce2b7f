"""The two-level tree rule (agency.core.trees), once per model, through its admin form."""

import pytest
from django.urls import reverse

from agency.site.models import MenuItem
from articles.models import Category
from services.models import Service
from tests.factories import CategoryFactory, MenuItemFactory, ServiceFactory

pytestmark = pytest.mark.django_db

NO_CHILDREN = {
    "children-TOTAL_FORMS": "0",
    "children-INITIAL_FORMS": "0",
    "children-MIN_NUM_FORMS": "0",
    "children-MAX_NUM_FORMS": "1000",
}


def test_a_category_with_sub_categories_stays_on_top(editor_client):
    top, other = CategoryFactory(name="News"), CategoryFactory(name="Guides")
    CategoryFactory(name="Industry", parent=top)
    response = editor_client.post(
        reverse("admin:articles_category_change", args=[top.pk]),
        {"name": "News", "slug": top.slug, "parent": other.pk, "order": 0},
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent_id is None


def test_a_category_under_a_sub_category_is_refused(editor_client):
    child = CategoryFactory(parent=CategoryFactory())
    response = editor_client.post(
        reverse("admin:articles_category_add"),
        {"name": "Deep", "slug": "deep", "parent": child.pk, "order": 0},
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Category.objects.filter(slug="deep").exists()


def test_a_new_sub_service_cannot_bring_sub_services_inline(editor_client):
    """The unsaved parent: an inline row's parent is the service being added."""
    top = ServiceFactory()
    data = {
        "name": "Middle",
        "slug": "middle",
        "parent": top.pk,
        "summary": "",
        "body": "",
        "published": "on",
        "deliverables": "",
        "steps": "",
        "price_note": "",
        "tags": "",
        "seo_title": "",
        "seo_description": "",
        **NO_CHILDREN,
        "children-TOTAL_FORMS": "1",
        "children-0-name": "Third level",
        "children-0-slug": "third-level",
        "children-0-price_note": "",
        "children-0-published": "on",
    }
    response = editor_client.post(reverse("admin:services_service_add"), data)
    assert response.status_code == 200
    assert "Services have two levels only" in response.content.decode()
    assert not Service.objects.filter(slug__in=["middle", "third-level"]).exists()


def test_a_new_sub_item_of_the_menu_cannot_bring_sub_items_inline(editor_client):
    """The unsaved parent, for the menu: it used to be let through to a third level."""
    top = MenuItemFactory(label="Top")
    response = editor_client.post(
        reverse("admin:agency_menuitem_add"),
        {
            "label": "Middle",
            "parent": top.pk,
            "order": 1,
            "url": "/middle/",
            **NO_CHILDREN,
            "children-TOTAL_FORMS": "1",
            "children-0-label": "Third level",
            "children-0-order": "1",
            "children-0-url": "/third/",
        },
    )
    assert response.status_code == 200
    assert "The menu has two levels only." in response.content.decode()
    assert not MenuItem.objects.filter(label__in=["Middle", "Third level"]).exists()
