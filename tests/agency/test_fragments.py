"""Kept fragments: the parts of pages rendered once and reused while content is unchanged,
with their `{% fresh %}` holes rendered on every request (agency.core.fragments)."""

import pytest
from django.db import connection
from django.db.models import F
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agency.core.fragments import local_fragments
from agency.site.models import MenuItem, SiteSettings
from articles.models import Article
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db

# Visitors with a session cookie skip the page cache: these requests reach the view, and
# what they get quickly comes from the fragments.
SESSION = {"sessionid": "no-such-session"}


@pytest.fixture
def visitor(client):
    SiteSettings.load()
    client.cookies.load(SESSION)
    return client


def render(source, **context):
    return Template("{% load agency_tags %}" + source).render(Context(context))


def test_a_fragment_is_rendered_once_and_kept():
    calls = []
    source = '{% fragment "probe" key %}{{ probe }}{% endfragment %}'

    class Probe:
        def __str__(self):
            calls.append(1)
            return "made"

    assert render(source, key=1, probe=Probe()) == "made"
    assert render(source, key=1, probe=Probe()) == "made"
    assert len(calls) == 1
    assert render(source, key=2, probe=Probe()) == "made"  # another vary value
    assert len(calls) == 2


def test_fresh_parts_are_rendered_on_every_request():
    source = (
        '{% fragment "counts" 1 %}<b>{{ label }}</b> '
        "{% fresh %}{{ count }}{% endfresh %} and {% fresh %}{{ other }}{% endfresh %}"
        "{% endfragment %}"
    )
    assert render(source, label="Views", count=1, other="a") == "<b>Views</b> 1 and a"
    assert render(source, label="Changed", count=2, other="b") == (
        "<b>Views</b> 2 and b"
    )


def test_fresh_parts_stay_fresh_in_nested_fragments():
    source = (
        '{% fragment "outer" 1 %}[{% fragment "inner" 1 %}'
        "{% fresh %}{{ count }}{% endfresh %}{% endfragment %}]{% endfragment %}"
    )
    assert render(source, count=1) == "[1]"
    assert render(source, count=2) == "[2]"


def test_a_preview_is_never_kept():
    source = '{% fragment "page" 1 %}{{ text }}{% endfragment %}'
    assert render(source, text="draft", preview=True) == "draft"
    assert render(source, text="live") == "live"


def test_an_edit_shows_at_once(visitor):
    article = ArticleFactory(title="First title", body="<p>Text.</p>")
    visitor.get(article.get_absolute_url())
    article.title = "Second title"
    article.save()
    page = visitor.get(article.get_absolute_url()).content.decode()
    assert "Second title" in page
    assert "First title" not in page


def test_counts_are_fresh_while_the_rest_is_kept(visitor):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(view_count=41, like_count=2)
    visitor.get(article.get_absolute_url())
    # Counts move without a save: nothing retires the fragments.
    Article.objects.filter(pk=article.pk).update(
        view_count=F("view_count") + 1, like_count=F("like_count") + 1
    )
    page = visitor.get(article.get_absolute_url()).content.decode()
    assert "<span data-view-count>42</span>" in page
    assert "<span data-like-count>3</span>" in page


def test_what_a_page_made_is_in_the_shared_cache_once_it_is_answered(visitor):
    article = ArticleFactory()
    visitor.get(article.get_absolute_url())
    local_fragments.clear()  # as another worker process, which has no copies of its own
    with CaptureQueriesContext(connection) as queries:
        page = visitor.get(article.get_absolute_url())
    assert article.title in page.content.decode()
    # Only the counts are read: every part of the page came from the shared cache.
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_unpublishing_hides_the_page_at_once(visitor):
    article = ArticleFactory()
    visitor.get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    assert visitor.get(article.get_absolute_url()).status_code == 404


def test_a_preview_leaves_nothing_for_visitors(visitor, editor_client):
    article = ArticleFactory()
    preview = editor_client.get(
        reverse("articles:article_preview", kwargs={"pk": article.pk})
    )
    assert "preview-notice" in preview.content.decode()
    page = visitor.get(article.get_absolute_url()).content.decode()
    assert "preview-notice" not in page
    assert "data-beacon-url" in page


def test_the_header_marks_the_current_section_on_each_page(visitor):
    PageFactory(title="About", slug="about")
    MenuItem.objects.create(label="Articles", url="/articles/", order=1)
    MenuItem.objects.create(label="About us", url="/about/", order=2)
    sections = {"/articles/": "Articles", "/about/": "About us"}
    for path in [*sections, *sections]:
        page = visitor.get(path).content.decode()
        for url, label in sections.items():
            marked = f'<a href="{url}" aria-current="page">{label}</a>' in page
            assert marked == (url == path), (path, label)


def test_search_shows_its_query_in_the_header(visitor):
    visitor.get("/articles/")
    page = visitor.get("/search/", {"q": "wechat"}).content.decode()
    assert 'id="header-q" name="q" type="search"' in page
    assert 'value="wechat"' in page
    assert 'value="wechat"' not in visitor.get("/articles/").content.decode()


def test_a_list_counts_its_articles_once_until_content_changes(visitor):
    ArticleFactory.create_batch(13)
    visitor.get("/articles/")
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get("/articles/?page=2")
    assert response.context["paginator"].count == 13
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    ArticleFactory()
    assert visitor.get("/articles/").context["paginator"].count == 14


def test_a_fragment_is_kept_per_language():
    from django.utils import translation

    source = (
        '{% load i18n %}{% fragment "words" 1 %}'
        "{% get_current_language as language %}{{ language }}{% endfragment %}"
    )
    with translation.override("en"):
        assert render(source) == "en"
    with translation.override("zh-hans"):
        assert render(source) == "zh-hans"
