import pytest
from django.urls import reverse

from services.models import CaseStudy, Service
from tests.factories import CaseStudyFactory, IndustryFactory, ServiceFactory
from tests.support.admin_forms import inline_forms, service_form, sub_service

pytestmark = pytest.mark.django_db


def test_editor_adds_a_service_with_sub_services_inline(editor_client):
    data = service_form(
        name="WeChat Development",
        slug="wechat-development",
        **inline_forms("children", sub_service("Mini Program", "mini-program")),
    )
    response = editor_client.post(reverse("admin:services_service_add"), data)
    assert response.status_code == 302, response.context["errors"]
    parent = Service.objects.get(slug="wechat-development")
    assert [c.slug for c in parent.children.all()] == ["mini-program"]
    assert "<script>" not in parent.body
    assert set(parent.tags.names()) == {"mini program", "wechat"}


def test_admin_refuses_a_third_level(editor_client):
    top = ServiceFactory()
    middle = ServiceFactory(parent=top)
    response = editor_client.post(
        reverse("admin:services_service_add"),
        service_form(parent=str(middle.pk)),
    )
    assert response.status_code == 200
    # Only top-level services are offered as parents.
    assert "parent" in response.context["adminform"].form.errors
    assert not Service.objects.filter(slug="mini-program").exists()


def test_editor_changes_a_service(editor_client):
    service = ServiceFactory(name="Old")
    url = reverse("admin:services_service_change", args=[service.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, service_form(name="New", slug=service.slug))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "New"


def test_changelist_shows_the_tree_with_previews_and_move_buttons(editor_client):
    parent = ServiceFactory(name="Parent service")
    ServiceFactory(name="Child service", parent=parent)
    ServiceFactory(name="Later service", published=False)
    response = editor_client.get(reverse("admin:services_service_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Parent service") < html.index("Child service")
    assert html.index("Child service") < html.index("Later service")
    assert parent.image.url in html
    assert reverse("admin:services_service_move", args=[parent.pk, "up"]) in html
    assert "Preview" in html  # the unpublished one links to its preview


def test_move_buttons_reorder_among_siblings(editor_client):
    first, second, third = ServiceFactory(), ServiceFactory(), ServiceFactory()
    child = ServiceFactory(parent=first)
    url = reverse("admin:services_service_move", args=[third.pk, "up"])
    back = reverse("admin:services_service_changelist") + "?published__exact=1"
    response = editor_client.post(f"{url}?next={back}")
    assert response.status_code == 302
    assert response["Location"] == back
    assert list(Service.objects.top_level()) == [first, third, second]
    child.refresh_from_db()
    assert child.order == 10  # sub-services keep their own order


def test_move_needs_post_and_change_permission(editor_client):
    from django.test import Client

    service = ServiceFactory()
    url = reverse("admin:services_service_move", args=[service.pk, "up"])
    assert editor_client.get(url).status_code == 405
    response = Client().post(url)
    assert response.status_code == 302  # anonymous: to the login page
    assert "login" in response["Location"]
    assert Service.objects.get().order == service.order


def test_move_to_top_action(editor_client):
    first, second = CaseStudyFactory(), CaseStudyFactory()
    response = editor_client.post(
        reverse("admin:services_casestudy_changelist"),
        {"action": "move_to_top", "_selected_action": [second.pk]},
    )
    assert response.status_code == 302
    assert list(CaseStudy.objects.all()) == [second, first]


def test_move_refreshes_the_cached_blocks(client):
    from django.template import Context, Template

    def footer():
        return Template(
            '{% include "services/includes/footer_services.html" %}'
        ).render(Context({}))

    ServiceFactory(name="First")
    second = ServiceFactory(name="Second")
    assert footer().index("First") < footer().index("Second")
    from services.ordering import item_move

    item_move(item=second, direction="up")
    assert footer().index("Second") < footer().index("First")


def test_editor_adds_a_case_study_with_results(editor_client):
    service = ServiceFactory()
    industry = IndustryFactory()
    data = {
        "title": "Fresh food mall",
        "slug": "fresh-food-mall",
        "summary": "",
        "body": "<p>Body</p>",
        "client_name": "Greenbasket",
        "industry": str(industry.pk),
        "services": [str(service.pk)],
        "published": "on",
        "seo_title": "",
        "seo_description": "",
        **inline_forms("results", {"value": "+320%", "label": "orders", "order": "0"}),
        **inline_forms("images"),
    }
    response = editor_client.post(reverse("admin:services_casestudy_add"), data)
    assert response.status_code == 302, response.context["errors"]
    case = CaseStudy.objects.get(slug="fresh-food-mall")
    assert [str(r) for r in case.results.all()] == ["+320% orders"]
    assert list(case.services.all()) == [service]


@pytest.mark.parametrize(
    "name",
    [
        "services_service",
        "services_casestudy",
        "services_solution",
        "services_industry",
    ],
)
def test_admin_pages_open_for_editors(editor_client, name):
    assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_sales_cannot_edit_the_catalogue(sales_client):
    response = sales_client.get(reverse("admin:services_service_changelist"))
    assert response.status_code == 403


def test_viewers_without_change_permission_get_no_move_buttons(client):
    from django.contrib.auth.models import Permission

    from tests.factories import StaffFactory

    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_service"))
    client.force_login(viewer)
    service = ServiceFactory()
    response = client.get(reverse("admin:services_service_changelist"))
    assert response.status_code == 200
    move_url = reverse("admin:services_service_move", args=[service.pk, "up"])
    assert move_url not in response.content.decode()
    assert client.post(move_url).status_code == 403
