"""Revisions: every save keeps one (who, when, an optional message); any one compares
with the current version as text and comes back in one click, as a new revision;
deleted content can be recovered."""

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from tests.admin.forms import as_post, form_data
from tests.factories import ArticleFactory, EditorFactory, PageFactory, SalesFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor():
    return EditorFactory(first_name="Li", last_name="Na")


@pytest.fixture
def client_of(editor):
    client = Client()
    client.force_login(editor)
    return client


def edit(client, article, message="", **changes):
    """Open the article's change form, change fields, save; return the response."""
    url = change_url(article)
    data = as_post(form_data(client.get(url).content.decode(), "article_form"))
    for name, value in changes.items():
        data[name] = [value]
    data["_revision_message"] = [message]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def revisions_of(article):
    return list(
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-pk")
    )


def compare_page(client, article, version):
    return client.get(
        f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    ).content.decode()


def test_every_save_keeps_a_revision_with_who_when_and_the_message(client_of, editor):
    article = ArticleFactory(title="First title", tags=["wechat"])
    edit(client_of, article, title="Second title")
    edit(client_of, article, message="Fixed the spelling", title="Third title")
    newest, older = revisions_of(article)[:2]
    assert newest.revision.user == editor
    assert "Fixed the spelling" in newest.revision.get_comment()
    assert newest.field_dict["title"] == "Third title"
    assert older.field_dict["title"] == "Second title"
    history = client_of.get(f"/admin/articles/article/{article.pk}/history/")
    html = unescape(history.content.decode())
    assert "Li Na" in html and "Fixed the spelling" in html


def test_compare_shows_rich_text_as_text_with_removals_and_additions(client_of):
    article = ArticleFactory(
        title="A title", body="<p>Mini programs sell <strong>cakes</strong>.</p>"
    )
    edit(client_of, article, title="Another title")
    edit(client_of, article, body="<p>Mini programs sell bread.</p>")
    before_revisions, first_edit = revisions_of(article)[-1], revisions_of(article)[-2]
    assert "before revisions were kept" in before_revisions.revision.get_comment()
    html = compare_page(client_of, article, first_edit)
    assert "<del>cakes.</del><ins>bread.</ins>" in html
    assert "&lt;strong&gt;" not in html and "<strong>cakes" not in html
    assert "1 field differs" in html
    html = compare_page(client_of, article, before_revisions)
    assert "2 fields differ" in html  # the title and the body


def test_restore_brings_a_version_back_as_a_new_revision_keeping_the_counts(
    client_of,
):
    article = ArticleFactory(title="The original", tags=["wechat", "shops"])
    edit(client_of, article, title="Rewritten", tags="apps")
    Article.objects.filter(pk=article.pk).update(view_count=42, like_count=7)
    original = revisions_of(article)[-1]  # kept before the first change
    assert Client().get(article.get_absolute_url()).status_code == 200  # cached

    response = client_of.post(
        f"/admin/articles/article/{article.pk}/history/{original.pk}/"
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "The original"
    assert sorted(article.tags.names()) == ["shops", "wechat"]
    assert (article.view_count, article.like_count) == (42, 7)
    assert "Restored the version of" in revisions_of(article)[0].revision.get_comment()
    assert len(revisions_of(article)) == 3  # before, rewritten, restored
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "The original" in public and "Rewritten" not in public


def test_a_revision_from_before_a_schema_change_still_restores(client_of):
    """Revisions saved before a migration added a field (and after one removed a field)
    restore: the new field takes its default, the old one is ignored."""
    article = ArticleFactory(title="Before the migration", seo_description="Old")
    edit(client_of, article, title="After the migration")
    old = revisions_of(article)[-1]  # kept before the change
    data = json.loads(old.serialized_data)
    del data[0]["fields"]["seo_description"]  # not there yet when this was saved
    data[0]["fields"]["retired_field"] = "since removed"
    Version.objects.filter(pk=old.pk).update(serialized_data=json.dumps(data))

    assert "Before the migration" in compare_page(client_of, article, old)
    client_of.post(f"/admin/articles/article/{article.pk}/history/{old.pk}/")

    article.refresh_from_db()
    assert article.title == "Before the migration"
    assert article.seo_description == ""


def test_an_article_deleted_for_good_is_recovered_from_its_last_revision(client_of):
    article = ArticleFactory(title="Deleted by mistake")
    edit(client_of, article, title="Deleted by mistake")
    client_of.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    client_of.post(  # then from the trash, for good
        "/admin/articles/article/?trash=1",
        {"action": "delete_for_good", "_selected_action": [article.pk]},
    )
    assert not Article.objects.filter(pk=article.pk).exists()
    listing = client_of.get("/admin/articles/article/recover/").content.decode()
    assert "Deleted by mistake" in listing
    version_id = re.search(r"/admin/articles/article/recover/(\d+)/", listing)[1]
    url = f"/admin/articles/article/recover/{version_id}/"
    data = as_post(form_data(client_of.get(url).content.decode(), "article_form"))
    assert client_of.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Deleted by mistake"


def test_sales_see_no_history_of_content():
    page = PageFactory()
    sales = Client()
    sales.force_login(SalesFactory())
    assert sales.get(f"/admin/agency/page/{page.pk}/history/").status_code == 403
    assert sales.get("/admin/agency/page/recover/").status_code == 403


def test_revisions_cost_the_public_pages_nothing(client_of):
    article = ArticleFactory()
    edit(client_of, article, title="Edited once")
    Client().get(article.get_absolute_url())  # warm
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(article.get_absolute_url()).status_code == 200
    assert not [q for q in queries if "reversion" in q["sql"]]
    assert len(queries) <= 1
