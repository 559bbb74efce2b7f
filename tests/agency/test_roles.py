"""Editors manage content and never see leads; Sales work leads and never change content."""

import pytest
from django.contrib.auth.models import Group

from agency.core.roles import EDITORS, SALES
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def apps_of(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", flat=True))


@pytest.mark.parametrize("role", [EDITORS, SALES])
def test_roles_exist_after_migrate_with_exactly_their_apps_permissions(role):
    from django.contrib.auth.models import Permission

    from agency.core.roles import ROLE_APPS

    group = Group.objects.get(name=role)
    expected = Permission.objects.filter(content_type__app_label__in=ROLE_APPS[role])
    assert set(group.permissions.all()) == set(expected)
    assert apps_of(role) <= set(ROLE_APPS[role])


def test_editor_has_full_rights_on_content(editor):
    for codename in ["add_page", "change_page", "delete_page", "view_page"]:
        assert editor.has_perm(f"agency.{codename}")
    assert editor.has_perm("agency.change_menuitem")
    assert editor.has_perm("agency.change_sitesettings")


def test_editor_can_edit_a_page_in_the_admin(editor_client):
    page = PageFactory(title="About", slug="about")
    response = editor_client.get(f"/admin/agency/page/{page.pk}/change/")
    assert response.status_code == 200
    response = editor_client.post(
        f"/admin/agency/page/{page.pk}/change/",
        {"title": "About us", "slug": "about", "body": "<p>x</p>", "published": "on"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About us"


def test_editor_cannot_see_any_leads_model(editor):
    assert not any(perm.startswith("leads.") for perm in editor.get_all_permissions())


def test_sales_cannot_change_content(sales_client, salesperson):
    page = PageFactory(title="About", slug="about")
    assert not any(
        perm.split(".")[0] in {"agency", "articles", "services", "taggit"}
        for perm in salesperson.get_all_permissions()
    )
    assert sales_client.get(f"/admin/agency/page/{page.pk}/change/").status_code == 403
    assert sales_client.get("/admin/agency/page/add/").status_code == 403
    assert sales_client.get("/admin/agency/menuitem/").status_code == 403
    assert sales_client.get("/admin/agency/sitesettings/").status_code == 403


def test_sync_is_idempotent_and_restores_removed_permissions():
    from agency.core.roles import sync_roles

    group = Group.objects.get(name=EDITORS)
    before = set(group.permissions.all())
    group.permissions.clear()
    sync_roles()
    sync_roles()
    assert set(group.permissions.all()) == before
