"""The page cache: the same HTML for every anonymous visitor, retired on any change."""

from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from agency.site.models import MenuItem, SiteSettings
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.AGENCY_PAGE_CACHE = True
    SiteSettings.load()  # created on first use otherwise, which retires the cache


def test_second_anonymous_visit_is_served_from_the_cache(client):
    PageFactory(title="About", slug="about")
    first = client.get("/about/")
    assert first["X-Page-Cache"] == "MISS"
    second = client.get("/about/")
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_hit_runs_no_query(client, django_assert_num_queries):
    PageFactory(title="About", slug="about")
    client.get("/about/")
    with django_assert_num_queries(0):
        assert client.get("/about/")["X-Page-Cache"] == "HIT"


def test_an_edit_shows_on_the_next_request(client):
    page = PageFactory(title="About", slug="about", body="<p>Old text</p>")
    client.get("/about/")
    page.body = "<p>New text</p>"
    page.save()
    response = client.get("/about/")
    assert "New text" in response.content.decode()
    assert response["X-Page-Cache"] == "MISS"


@pytest.mark.parametrize(
    "change",
    [
        lambda: SiteSettings.objects.update_or_create(
            pk=1, defaults={"site_name": "New name"}
        ),
        lambda: MenuItem.objects.create(label="Brand new item", url="/new/"),
    ],
)
def test_settings_and_menu_changes_retire_cached_pages(client, change):
    PageFactory(title="About", slug="about")
    client.get("/about/")
    change()
    assert client.get("/about/")["X-Page-Cache"] == "MISS"


def test_deleting_a_page_retires_it(client):
    page = PageFactory(title="About", slug="about")
    client.get("/about/")
    page.delete()
    assert client.get("/about/").status_code == 404


def test_staff_never_get_or_fill_the_cache(client, admin_user):
    PageFactory(title="About", slug="about")
    client.force_login(admin_user)
    response = client.get("/about/")
    assert "X-Page-Cache" not in response
    client.logout()
    assert client.get("/about/")["X-Page-Cache"] == "MISS"


def test_visitor_with_a_pending_message_is_not_served_from_the_cache(client):
    PageFactory(title="About", slug="about")
    client.get("/about/")
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get("/about/")


def test_404_is_not_stored(client):
    client.get("/missing/")
    assert "X-Page-Cache" not in client.get("/missing/")


def csrf_view(request):
    from django.middleware.csrf import get_token

    return HttpResponse(f"<form>{get_token(request)}</form>")


@never_cache
def private_view(request):
    return HttpResponse("<p>fresh</p>")


@ensure_csrf_cookie
def cookie_view(request):
    return HttpResponse("<p>cookie</p>")


urlpatterns = [
    path("csrf/", csrf_view),
    path("private/", private_view),
    path("cookie/", cookie_view),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/csrf/", "/private/", "/cookie/"])
def test_per_visitor_responses_are_never_stored(url):
    from django.test import Client

    first_visitor, second_visitor = Client(), Client()
    first = first_visitor.get(url)
    assert "X-Page-Cache" not in first
    second = second_visitor.get(url)
    assert "X-Page-Cache" not in second
    if url == "/csrf/":
        assert first.content != second.content  # each visitor got their own token


def test_post_is_never_cached(client):
    PageFactory(title="About", slug="about")
    client.get("/about/")
    assert "X-Page-Cache" not in client.post("/about/")


def test_scheduled_publication_bounds_the_cache_time(settings):
    from agency.core.pagecache import page_timeout

    settings.AGENCY_PAGE_CACHE_SECONDS = 300
    assert page_timeout() == 300


# Every kind of save, and the pages that show what it changed (the sidebar's widgets, the
# catalogue's blocks, the header and footer): the next anonymous and signed-in visit of
# each shows the new text and none of the old.
def rename(model, field, value):
    def change(objects):
        target = objects[model]
        setattr(target, field, value)
        target.save()

    return change


EVERY_PAGE = ["home", "other", "list"]
SAVES = {
    "article": (rename("article", "title", "Quokka"), "Aardvark", EVERY_PAGE),
    "tag": (rename("tag", "name", "quokkatag"), "wombattag", ["other"]),
    "service": (rename("service", "name", "Quokka"), "Bandicoot", EVERY_PAGE),
    "case study": (rename("case", "title", "Quokka"), "Capybara", ["home"]),
    "menu item": (rename("item", "label", "Quokka"), "Dingo", EVERY_PAGE),
    "site settings": (rename("settings", "site_name", "Quokka"), "Echidna", EVERY_PAGE),
}


@pytest.mark.parametrize("saved", SAVES)
def test_every_save_shows_on_the_next_page_for_visitors_and_signed_in_users(
    client, django_user_model, saved
):
    from taggit.models import Tag

    from tests.factories import ArticleFactory, CaseStudyFactory, ServiceFactory

    settings_ = SiteSettings.load()
    settings_.site_name = "Echidna"
    settings_.save()
    other = ArticleFactory(title="Other piece")
    objects = {
        "settings": settings_,
        "article": ArticleFactory(
            title="Aardvark", body="<p>Text.</p>", featured=True, tags=["wombattag"]
        ),
        "tag": Tag.objects.get(name="wombattag"),
        "service": ServiceFactory(name="Bandicoot", featured=True),
        "case": CaseStudyFactory(title="Capybara", featured=True),
        "item": MenuItem.objects.create(label="Dingo", url="/articles/", order=1),
    }
    change, old, shown_on = SAVES[saved]
    urls = {"home": "/", "other": other.get_absolute_url(), "list": "/articles/"}
    member = Client()
    member.force_login(django_user_model.objects.create_user("reader", password="x"))
    for visitor in (client, member):
        for name in shown_on:
            assert old in visitor.get(urls[name]).content.decode(), name
    if saved != "tag":  # a tag's old name is in its address, the cloud's link
        for name in shown_on:
            assert "Quokka" not in client.get(urls[name]).content.decode()
    change(objects)
    for visitor in (client, member):
        for name in shown_on:
            page = visitor.get(urls[name]).content.decode()
            new = "quokkatag" if saved == "tag" else "Quokka"
            assert new in page, (visitor, name)
            assert old not in page.replace("/wombattag/", ""), (visitor, name)


def test_a_change_while_the_frame_is_being_built_shows_on_the_next_page(
    client, monkeypatch
):
    """The frame read from the database just before a change must not outlive it."""
    from agency.core import pagecache
    from agency.site import frame

    MenuItem.objects.create(label="Before", url="/before/", order=1)
    build = frame.build_frame

    def build_then_change():
        built = build()
        monkeypatch.setattr(frame, "build_frame", build)
        # Saved as by another process: outside this request's memo.
        token = pagecache._request_memo.set(None)
        try:
            MenuItem.objects.create(label="Added meanwhile", url="/added/", order=2)
        finally:
            pagecache._request_memo.reset(token)
        return built

    monkeypatch.setattr(frame, "build_frame", build_then_change)
    PageFactory(title="About", slug="about")
    client.cookies.load({"sessionid": "no-such-session"})  # past the page cache
    client.get("/about/")
    assert "Added meanwhile" in client.get("/about/").content.decode()


def test_a_page_cache_miss_reads_no_menu_or_settings_from_the_database(client):
    """Kept once, the frame serves every page that is not yet cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MenuItem.objects.create(label="About", url="/about/", order=1)
    PageFactory(title="About", slug="about")
    PageFactory(title="Team", slug="team")
    client.get("/about/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/team/")["X-Page-Cache"] == "MISS"
    frame_tables = ("agency_menuitem", "agency_sitesettings")
    assert not [q for q in queries if any(t in q["sql"] for t in frame_tables)]


def test_a_save_retires_pages_once_when_its_transaction_commits(client):
    """Until the saving transaction commits, other visitors get the page from before
    (it is still what the database holds); on commit the generation rises once, for the
    object, its tags and the rest of the save together, and the page shows the change."""
    from django.db import transaction

    from agency.core.pagecache import generation
    from tests.factories import ArticleFactory

    article = ArticleFactory(title="Before", tags=["one"])
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "MISS"
    before = generation()
    with transaction.atomic():
        article.title = "After"
        article.save()
        article.tags.add("two")
        article.tags.remove("one")
        assert generation() == before
        assert client.get(url)["X-Page-Cache"] == "HIT"
    assert generation() == before + 1
    page = client.get(url)
    assert page["X-Page-Cache"] == "MISS" and "After" in page.content.decode()


def test_a_failed_save_retires_nothing(client):
    from django.db import transaction

    from agency.core.pagecache import generation
    from tests.factories import ArticleFactory

    article = ArticleFactory(title="Before")
    before = generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "After"
        article.save()
        raise RuntimeError("the save fails")
    assert generation() == before


@pytest.fixture
def deploys(settings, tmp_path):
    """The project's sources as a deploy copies them (settings.BASE_DIR points at the
    copy): `deploys(path, text)` changes one file of it, as the next release does."""
    import shutil

    from agency.core.pagecache import RELEASE_SOURCES, release

    base = Path(settings.BASE_DIR)
    for top in RELEASE_SOURCES:
        shutil.copytree(
            base / top, tmp_path / top, ignore=shutil.ignore_patterns("*.pyc")
        )
    shutil.copy(base / "requirements.lock", tmp_path)
    settings.BASE_DIR = tmp_path
    release.cache_clear()

    def deploy(path, text):
        (tmp_path / path).write_text(text)
        release.cache_clear()

    yield deploy
    release.cache_clear()


def test_each_release_keeps_its_own_pages_and_data(client, deploys, monkeypatch):
    """After a deploy, nothing kept by the release before is served or read: no page
    naming hashed static files the new build may not have, and no kept rows in a shape
    the new code does not read, whether or not a static file changed."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    from agency.core.fragments import kept, local_fragments
    from agency.core.pagecache import release

    PageFactory(title="About", slug="about")
    assert client.get("/about/")["X-Page-Cache"] == "MISS"
    assert client.get("/about/")["X-Page-Cache"] == "HIT"
    assert kept("rows", lambda: [(1, "a")]) == [(1, "a")]
    first = release()

    # A release that changes code only (a kept row grows a column), no static file.
    deploys("services/selectors.py", "# the next release\n")
    assert release() != first
    assert client.get("/about/")["X-Page-Cache"] == "MISS"
    assert kept("rows", lambda: [(1, "a", "b")]) == [(1, "a", "b")]
    local_fragments.clear()  # read from the shared cache, not this process's copy
    assert kept("rows", lambda: []) == [(1, "a", "b")]

    # A release that changes static files only.
    second = release()
    monkeypatch.setattr(staticfiles_storage, "manifest_hash", "newbuild", raising=False)
    release.cache_clear()
    assert release() != second
    assert client.get("/about/")["X-Page-Cache"] == "MISS"
    assert client.get("/about/")["X-Page-Cache"] == "HIT"
