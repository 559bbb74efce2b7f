"""Trash instead of delete: a deleted article, service, case study, solution or page
waits in the Trash, gone from every public surface at once, its address free; it comes
back as it was, or is purged after AGENCY_TRASH_DAYS by the background worker."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agency.core.trash import purge_trash
from agency.site.models import MenuItem, Page
from articles.models import Article
from services.models import Service
from tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    EditorFactory,
    PageFactory,
    ServiceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db

KINDS = [
    pytest.param(ArticleFactory, "articles/article", id="article"),
    pytest.param(ServiceFactory, "services/service", id="service"),
    pytest.param(CaseStudyFactory, "services/casestudy", id="case study"),
    pytest.param(SolutionFactory, "services/solution", id="solution"),
    pytest.param(PageFactory, "agency/page", id="page"),
]


@pytest.fixture
def editor():
    client = Client()
    client.force_login(EditorFactory())
    return client


def results(response):
    """The changelist's rows (not its messages)."""
    html = response.content.decode()
    return html.split('id="result_list"', 1)[1] if 'id="result_list"' in html else ""


def delete_in_admin(client, obj, admin_path):
    response = client.post(f"/admin/{admin_path}/{obj.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize(("factory", "admin_path"), KINDS)
def test_a_deleted_item_goes_to_the_trash_and_comes_back(editor, factory, admin_path):
    obj = factory()
    url = obj.get_absolute_url()
    assert Client().get(url).status_code == 200  # cached too

    delete_in_admin(editor, obj, admin_path)

    obj.refresh_from_db()
    assert obj.in_trash
    assert Client().get(url).status_code == 404  # at once, the page cache too
    listing = results(editor.get(f"/admin/{admin_path}/"))
    assert str(obj) not in listing
    assert str(obj) in results(editor.get(f"/admin/{admin_path}/?trash=1"))

    response = editor.post(
        f"/admin/{admin_path}/?trash=1",
        {"action": "restore_from_trash", "_selected_action": [obj.pk]},
        follow=True,
    )
    assert "1 item restored" in response.content.decode()
    obj.refresh_from_db()
    assert not obj.in_trash and obj.get_absolute_url() == url
    assert Client().get(url).status_code == 200


def test_a_trashed_article_leaves_every_public_surface():
    kept = ArticleFactory(title="Kept in view", tags=["wechat"])
    gone = ArticleFactory(title="Trashed one", tags=["wechat"])
    gone.trash()
    for url in [
        "/",
        "/articles/",
        "/articles/tag/wechat/",
        kept.get_absolute_url(),  # related reading, previous and next
        "/search/?q=Trashed",
        "/sitemap-articles.xml",
        "/articles/feed/",
    ]:
        response = Client().get(url)
        if response.status_code == 404:
            continue  # a route this site names otherwise: the others still check
        assert "Trashed one" not in response.content.decode(), url


def test_the_address_is_free_while_trashed_and_a_taken_one_is_not_restored(editor):
    old = ArticleFactory(title="Spring sale", slug="spring-sale")
    old.trash()
    new = ArticleFactory(title="Spring sale again", slug="spring-sale")
    assert Client().get("/articles/spring-sale/").content.decode().count("again")

    response = editor.post(
        "/admin/articles/article/?trash=1",
        {"action": "restore_from_trash", "_selected_action": [old.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "was not restored" in html and "/spring-sale/" in html
    old.refresh_from_db()
    assert old.in_trash
    assert Article.objects.get(slug="spring-sale") == new


def test_the_trash_is_purged_after_its_days(settings):
    settings.AGENCY_TRASH_DAYS = 30
    old, recent = ArticleFactory(), ServiceFactory()
    old.trash()
    recent.trash()
    Article.objects.filter(pk=old.pk).update(
        trashed_at=timezone.now() - timedelta(days=31)
    )
    assert purge_trash() == 1
    assert not Article.objects.filter(pk=old.pk).exists()
    assert Service.objects.filter(pk=recent.pk).exists()


def test_delete_for_good_from_the_trash(editor):
    page = PageFactory()
    page.trash()
    editor.post(
        "/admin/agency/page/?trash=1",
        {"action": "delete_for_good", "_selected_action": [page.pk]},
    )
    assert not Page.objects.filter(pk=page.pk).exists()


def test_a_menu_item_to_a_trashed_page_drops_out_of_the_menu():
    page = PageFactory(title="About us")
    item = MenuItem.objects.create(label="About us", page=page, order=1)
    assert item.get_url() == page.get_absolute_url()
    page.trash()
    item.refresh_from_db()
    assert item.get_url() is None


def test_sub_services_of_a_trashed_service_are_not_public():
    parent = ServiceFactory()
    child = ServiceFactory(parent=parent)
    parent.trash()
    assert child not in Service.objects.published()
    assert not Service.objects.get(pk=child.pk).is_live


def test_the_trash_list_says_where_an_article_is(editor):
    article = ArticleFactory(title="Waiting in the trash")
    article.trash()
    html = editor.get("/admin/articles/article/?trash=1").content.decode()
    assert "In the trash" in results_of_html(html)  # its status, not "Scheduled"
    assert "Scheduled" not in results_of_html(html)
    assert "Not in the trash" in html  # the filter's other choice, in place of "All"


def results_of_html(html):
    return html.split('id="result_list"', 1)[1]


def test_the_delete_page_says_trash_and_lists_nothing_related(editor):
    article = ArticleFactory(title="About to go", tags=["wechat"])
    html = editor.get(f"/admin/articles/article/{article.pk}/delete/").content.decode()
    assert "to the trash?" in html
    assert "will be deleted" not in html and "tagged with" not in html
