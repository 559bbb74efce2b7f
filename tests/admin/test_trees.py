"""The two-level tree rule (agency.core.trees), once per model, through its admin form."""

import pytest
from django.urls import reverse

from agency.site.models import MenuItem
from articles.models import Category
from services.models import Service
from tests.factories import CategoryFactory, MenuItemFactory, ServiceFactory
from tests.support.admin_forms import inline_forms, service_form, sub_service

pytestmark = pytest.mark.django_db


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
    data = service_form(
        name="Middle",
        slug="middle",
        parent=top.pk,
        **inline_forms("children", sub_service("Third level", "third-level")),
    )
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
            **inline_forms(
                "children", {"label": "Third level", "order": "1", "url": "/third/"}
            ),
        },
    )
    assert response.status_code == 200
    assert "The menu has two levels only." in response.content.decode()
    assert not MenuItem.objects.filter(label__in=["Middle", "Third level"]).exists()
