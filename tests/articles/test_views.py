import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agency.site.models import SiteSettings
from articles.models import Article, ArticleLike
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
    DraftArticleFactory,
    EditorFactory,
    SalesFactory,
    ScheduledArticleFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture
def browser():
    return Client(HTTP_USER_AGENT=BROWSER)


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def template_names(response):
    return [t.name for t in response.templates]


def main_list(response):
    """The list part of a list page, without the sidebar (which lists articles too)."""
    html = response.content.decode()
    return html[
        html.index('<div class="list-main">') : html.index('<aside class="sidebar"')
    ]


# --- Lists ------------------------------------------------------------------------------


def test_article_list_shows_published_articles_newest_first(client):
    old = ArticleFactory(title="Older piece", published_at=ago(days=2))
    new = ArticleFactory(title="Newer piece")
    response = client.get(reverse("articles:article_list"))
    assert response.status_code == 200
    assert "articles/article_list.html" in template_names(response)
    html = response.content.decode()
    assert html.index(new.title) < html.index(old.title)


def test_article_list_is_paginated(client):
    for n in range(13):
        ArticleFactory(title=f"Piece {n:02d}", published_at=ago(hours=n + 1))
    first = client.get(reverse("articles:article_list")).content.decode()
    assert "Piece 00" in first and "Piece 12" not in first
    assert '<a href="?page=2"' in first
    second = client.get(reverse("articles:article_list") + "?page=2")
    assert "Piece 12" in second.content.decode()
    assert client.get(reverse("articles:article_list") + "?page=9").status_code == 404


def test_drafts_and_scheduled_articles_are_404_and_unlisted(client):
    draft = DraftArticleFactory(title="Secret draft")
    scheduled = ScheduledArticleFactory(title="Tomorrows news")
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert "Secret draft" not in listing
    assert "Tomorrows news" not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_once_its_time_has_come(client):
    article = ScheduledArticleFactory(title="Launch day")
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=ago(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Launch day" in client.get(reverse("articles:article_list")).content.decode()


def test_parent_category_page_shows_its_childrens_articles(client):
    news = CategoryFactory(name="News", slug="news")
    analysis = CategoryFactory(
        name="Industry Analysis", slug="industry-analysis", parent=news
    )
    ArticleFactory(title="Direct news item", category=news)
    ArticleFactory(title="An analysis piece", category=analysis)
    ArticleFactory(title="Elsewhere entirely")

    parent_page = client.get("/articles/category/news/")
    assert parent_page.status_code == 200
    assert "articles/category_detail.html" in template_names(parent_page)
    html = main_list(parent_page)
    assert "Direct news item" in html and "An analysis piece" in html
    assert "Elsewhere entirely" not in html
    assert 'href="/articles/category/industry-analysis/"' in html

    child_page = main_list(client.get("/articles/category/industry-analysis/"))
    assert "An analysis piece" in child_page and "Direct news item" not in child_page
    assert client.get("/articles/category/nope/").status_code == 404


def test_tag_page_lists_the_tags_published_articles(client):
    ArticleFactory(title="Tagged one", tags=["wechat"])
    ArticleFactory(title="Untagged one")
    DraftArticleFactory(title="Tagged draft", tags=["wechat"])
    response = client.get(reverse("articles:tag", kwargs={"slug": "wechat"}))
    html = main_list(response)
    assert response.status_code == 200
    assert "Tagged one" in html
    assert "Untagged one" not in html and "Tagged draft" not in html


def test_author_page_lists_the_authors_articles_by_profile_slug(client):
    profile = AuthorProfileFactory(display_name="Mei Chen", bio="Builds mini programs.")
    ArticleFactory(title="By Mei", author=profile.user)
    ArticleFactory(title="By someone else")
    response = client.get("/articles/author/mei-chen/")
    html = main_list(response)
    assert response.status_code == 200
    assert "By Mei" in html and "Builds mini programs." in html
    assert "By someone else" not in html
    # Login names never show up in author addresses.
    assert profile.user.username not in response.content.decode()


def test_author_without_published_articles_has_no_page(client):
    profile = AuthorProfileFactory(display_name="Quiet Author")
    DraftArticleFactory(author=profile.user)
    assert client.get(profile.get_absolute_url()).status_code == 404


# --- The article page -------------------------------------------------------------------


def test_article_page_has_everything_the_reference_page_has(client):
    profile = AuthorProfileFactory(display_name="Lin Wei")
    news = CategoryFactory(name="News", slug="news")
    analysis = CategoryFactory(
        name="Industry Analysis", slug="industry-analysis", parent=news
    )
    previous = ArticleFactory(title="The one before", published_at=ago(days=3))
    article = ArticleFactory(
        title="Mini programs in 2026",
        author=profile.user,
        category=analysis,
        tags=["wechat", "seo"],
        published_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 21, 16)),
        view_count=145,
        like_count=7,
    )
    Article.objects.filter(pk=article.pk).update(published_at=ago(days=2))
    following = ArticleFactory(title="The one after", published_at=ago(days=1))
    related = ArticleFactory(
        title="Shares a tag", tags=["seo"], published_at=ago(days=9)
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "articles/article_detail.html" in template_names(response)
    html = response.content.decode()
    assert response.context["breadcrumbs"] == [
        ("News", "/articles/category/news/"),
        ("Industry Analysis", "/articles/category/industry-analysis/"),
        ("Mini programs in 2026", None),
    ]
    assert "<h1>Mini programs in 2026</h1>" in html
    meta = html[html.index('class="meta article-meta"') :]
    meta = meta[: meta.index("</p>")]
    assert "Lin Wei" in meta
    assert timezone.localtime(ago(days=2)).strftime("%Y-%m-%d") in meta
    assert "Industry Analysis" in meta
    assert "<span data-view-count>145</span>" in meta and "views" in meta
    assert 'rel="tag">#wechat</a>' in html and 'rel="tag">#seo</a>' in html
    assert "Like (<span data-like-count>7</span>)" in html
    assert 'rel="prev"' in html and "The one before" in html
    assert 'rel="next"' in html and "The one after" in html
    assert previous.published_at.astimezone().strftime("%Y-%m-%d") in html
    assert "Related articles" in html and related.title in html
    for widget in ("Popular tags", "New", "Hot topics"):
        assert widget in html
    assert following.title in html


def test_an_articles_card_is_the_same_wherever_it_is_made(client):
    """A card is kept once for every page that shows it: the related reading (read with
    the neighbours in one query) and the home page (kept rows) make the same HTML, and
    the next page shows the kept card until content changes."""
    from agency.core.fragments import local_fragments

    category = CategoryFactory(name="Insights", slug="insights")
    shown = ArticleFactory(title="Shown", tags=["seo"], category=category, view_count=7)
    article = ArticleFactory(title="Reading", tags=["seo"], published_at=ago(days=1))

    def card(path, level=3):
        html = client.get(path).content.decode()
        title = html.index(f'">{shown.title}</a></h{level}>')
        start = html.rindex('<article class="card article-card">', 0, title)
        return html[start : html.index("</article>", title)]

    related = card(article.get_absolute_url())
    cache.clear()
    local_fragments.clear()
    assert card("/") == related
    assert "7 views" in related and 'href="/articles/category/insights/"' in related

    # A list with the page cache off (a signed-in editor) shows the kept card: a view
    # counted without a save shows when content next changes, as on a cached page.
    client.cookies["sessionid"] = "not-the-page-cache"
    assert "7 views" in card("/articles/", level=2)
    Article.objects.filter(pk=shown.pk).update(view_count=9)
    assert "7 views" in card("/articles/", level=2)
    ArticleFactory(title="A save retires every kept card")
    assert "9 views" in card("/articles/", level=2)


def test_article_page_html_is_the_same_for_every_anonymous_visitor(browser):
    article = ArticleFactory(tags=["a"])
    first = browser.get(article.get_absolute_url())
    browser.post(reverse("articles:article_beacon", kwargs={"slug": article.slug}))
    browser.post(
        reverse("articles:article_like", kwargs={"slug": article.slug}),
        HTTP_ACCEPT="application/json",
    )
    assert browser.cookies["vid"].value  # this visitor now has a cookie and a like
    cache.clear()  # rebuilt, not served from the sidebar cache
    again = browser.get(article.get_absolute_url())
    stranger = Client().get(article.get_absolute_url())

    def without_counts(html):
        return re.sub(r"data-(view|like)-count>\d+<", "", html)

    assert without_counts(again.content.decode()) == without_counts(
        stranger.content.decode()
    )
    assert first.cookies == {} and stranger.cookies == {}
    assert "csrfmiddlewaretoken" not in stranger.content.decode()
    assert "Cookie" not in stranger.get("Vary", "")


def test_article_page_can_be_served_from_the_page_cache(settings, client):
    settings.AGENCY_PAGE_CACHE = True
    SiteSettings.load()  # created on first use otherwise, which retires the cache
    article = ArticleFactory()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "MISS"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "HIT"


def test_article_page_loads_the_beacon_script(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-beacon-url="/articles/{article.slug}/view/"' in html
    assert "js/articles.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_cover_is_shown_with_sizes_and_lazy_thumbnails(client):
    from tests.articles.test_models import image_upload

    article = ArticleFactory(tags=["t"])
    other = ArticleFactory(tags=["t"])
    for each in (article, other):
        each.cover = image_upload()
        each.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html
    assert 'width="1200" height="675"' in html  # the article's own cover
    assert 'fetchpriority="high"' in html
    assert 'width="800" height="450"' in html and 'loading="lazy"' in html


# --- Views (the beacon) -----------------------------------------------------------------


def beacon(client, article, **extra):
    return client.post(
        reverse("articles:article_beacon", kwargs={"slug": article.slug}), **extra
    )


def test_beacon_counts_one_view_per_visitor_in_30_minutes(browser):
    article = ArticleFactory(like_count=0)
    first = beacon(browser, article)
    assert first.status_code == 200
    assert first.json()["counted"] is True
    assert first.json()["view_count"] == 1
    assert "vid" in first.cookies and first.cookies["vid"]["httponly"]
    second = beacon(browser, article)
    assert second.json() | {"csrf_token": ""} == {
        "counted": False,
        "view_count": 1,
        "like_count": 0,
        "liked": False,
        "csrf_token": "",
    }
    assert beacon(Client(HTTP_USER_AGENT=BROWSER), article).json()["view_count"] == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "Mozilla/5.0 (Windows NT 10.0) HeadlessChrome/120.0",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "WhatsApp/2.23.20.0",
        "",
    ],
)
def test_beacon_never_counts_bots(agent):
    article = ArticleFactory()
    response = beacon(Client(HTTP_USER_AGENT=agent), article)
    assert response.status_code == 200
    assert response.json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 0


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/116 Mobile "
        "Safari/537.36 MMWEBID/1234 MicroMessenger/8.0.40 WeChat/arm64 NetType/WIFI",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 "
        "Mobile/15E148 baiduboxapp/13.40.0.10",
        "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/99 Mobile "
        "Safari/537.36 SogouMobileBrowser/12.0",
        "Mozilla/5.0 (Linux; U; Android 12; zh-CN) AppleWebKit/537.36 MQQBrowser/13.4",
    ],
)
def test_beacon_counts_people_in_chinese_browsers(agent):
    article = ArticleFactory()
    assert beacon(Client(HTTP_USER_AGENT=agent), article).json()["counted"] is True


def test_beacon_refuses_get_and_head(browser):
    article = ArticleFactory()
    url = reverse("articles:article_beacon", kwargs={"slug": article.slug})
    assert browser.head(url).status_code == 405
    assert browser.get(url).status_code == 405
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_beacon_does_not_count_staff(client):
    client.force_login(StaffFactory())
    article = ArticleFactory()
    response = beacon(client, article, HTTP_USER_AGENT=BROWSER)
    assert response.json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_beacon_for_drafts_and_scheduled_articles_is_404(browser):
    assert beacon(browser, DraftArticleFactory()).status_code == 404
    assert beacon(browser, ScheduledArticleFactory()).status_code == 404


def test_beacon_is_rate_limited_per_ip(settings, browser):
    settings.ARTICLES_BEACON_RATE = (2, 60)
    articles = ArticleFactory.create_batch(3)
    counted = [beacon(browser, a).json()["counted"] for a in articles]
    assert counted == [True, True, False]


# --- Likes ------------------------------------------------------------------------------


def like_url(article):
    return reverse("articles:article_like", kwargs={"slug": article.slug})


def test_like_with_javascript_toggles_and_answers_json():
    article = ArticleFactory()
    visitor = Client(HTTP_USER_AGENT=BROWSER, enforce_csrf_checks=True)
    token = beacon(visitor, article).json()["csrf_token"]
    liked = visitor.post(
        like_url(article), HTTP_ACCEPT="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert liked.status_code == 200
    assert liked.json() == {"liked": True, "like_count": 1}
    assert beacon(visitor, article).json()["liked"] is True
    unliked = visitor.post(
        like_url(article), HTTP_ACCEPT="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert unliked.json() == {"liked": False, "like_count": 0}
    assert not ArticleLike.objects.exists()


def test_like_without_csrf_token_is_refused():
    article = ArticleFactory()
    visitor = Client(HTTP_USER_AGENT=BROWSER, enforce_csrf_checks=True)
    beacon(visitor, article)
    response = visitor.post(like_url(article), HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).like_count == 0


def test_like_works_without_javascript_through_its_own_page():
    article = ArticleFactory(title="Worth a like")
    visitor = Client(HTTP_USER_AGENT=BROWSER, enforce_csrf_checks=True)
    detail = visitor.get(article.get_absolute_url()).content.decode()
    assert (
        f'<form class="like-form" method="get" action="{like_url(article)}"' in detail
    )

    page = visitor.get(like_url(article))
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "Like this article" in html

    response = visitor.post(like_url(article), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + "#like"
    assert Article.objects.get(pk=article.pk).like_count == 1
    assert "Take my like back" in visitor.get(like_url(article)).content.decode()


def test_one_like_per_visitor_even_when_sent_again(browser):
    article = ArticleFactory()
    browser.post(like_url(article), HTTP_ACCEPT="application/json")
    browser.post(like_url(article), HTTP_ACCEPT="application/json")
    browser.post(like_url(article), HTTP_ACCEPT="application/json")
    assert Article.objects.get(pk=article.pk).like_count == 1
    assert ArticleLike.objects.count() == 1


def test_likes_are_rate_limited_per_ip(settings):
    settings.ARTICLES_LIKE_RATE = (3, 600)
    article = ArticleFactory()
    statuses = [
        Client(HTTP_USER_AGENT=BROWSER)
        .post(like_url(article), HTTP_ACCEPT="application/json")
        .status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert Article.objects.get(pk=article.pk).like_count == 3
    other_ip = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9")
    assert (
        other_ip.post(like_url(article), HTTP_ACCEPT="application/json").status_code
        == 200
    )


def test_drafts_cannot_be_liked(browser):
    draft = DraftArticleFactory()
    assert (
        browser.post(like_url(draft), HTTP_ACCEPT="application/json").status_code == 404
    )


# --- Staff preview ----------------------------------------------------------------------


def preview_url(article):
    return reverse("articles:article_preview", kwargs={"pk": article.pk})


def test_editor_previews_a_draft_never_cached_never_indexed(client):
    client.force_login(EditorFactory())
    draft = DraftArticleFactory(title="Work in progress")
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Work in progress" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "Preview of a draft" in html
    assert "data-beacon-url" not in html  # previews are never counted
    assert "js/articles.js" not in html


def test_editor_previews_a_scheduled_article(client):
    client.force_login(EditorFactory())
    article = ScheduledArticleFactory()
    html = client.get(preview_url(article)).content.decode()
    assert "scheduled" in html


@pytest.mark.parametrize("who", ["anonymous", "sales", "plain staff"])
def test_preview_is_for_content_staff_only(client, who):
    draft = DraftArticleFactory()
    if who == "sales":
        client.force_login(SalesFactory())
    elif who == "plain staff":
        client.force_login(StaffFactory())
    response = client.get(preview_url(draft))
    if who == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == 403


# --- Search -----------------------------------------------------------------------------


def test_search_ranks_title_matches_above_body_matches(client):
    body_match = ArticleFactory(
        title="A general piece",
        excerpt="A look at several things.",
        body="<p>Somewhere deep inside we mention the keyword lighthouse once.</p>",
        published_at=ago(hours=1),
    )
    title_match = ArticleFactory(
        title="Lighthouse audits explained",
        body="<p>Nothing else here.</p>",
        published_at=ago(days=30),
    )
    excerpt_match = ArticleFactory(
        title="Another piece",
        excerpt="About lighthouse scores.",
        published_at=ago(days=3),
    )
    ArticleFactory(title="Unrelated")
    DraftArticleFactory(title="Lighthouse draft")

    response = client.get(reverse("articles:search"), {"q": "lighthouse"})

    assert response.status_code == 200
    assert "articles/search.html" in template_names(response)
    assert list(response.context["results"]) == [title_match, excerpt_match, body_match]
    html = response.content.decode()
    assert "<mark>Lighthouse</mark> audits explained" in html
    assert "mention the keyword <mark>lighthouse</mark> once" in html
    assert "3 articles match" in html


def test_search_snippets_escape_html(client):
    ArticleFactory(
        title="Escaping <b>tags</b>",
        body="<p>Write &lt;script&gt;alert(1)&lt;/script&gt; about escaping safely.</p>",
    )
    html = client.get(reverse("articles:search"), {"q": "escaping"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>Escaping</mark> &lt;b&gt;tags&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "title, query, marked",
    [
        (
            "Optimising landing pages",
            "landing page optimise",
            "<mark>Optimising</mark> <mark>landing</mark> <mark>pages</mark>",
        ),
        ("小程序商城上线前的十项检查", "小程序", "<mark>小程序</mark>商城"),
    ],
    ids=["english-word-forms", "chinese-by-containment"],
)
def test_search_finds_word_forms_and_chinese_words(client, title, query, marked):
    article = ArticleFactory(title=title)
    response = client.get(reverse("articles:search"), {"q": query})
    assert list(response.context["results"]) == [article]
    assert marked in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "the",
        "!!! ((( ''' \"",
        "a & b | !c <-> d:*",
        "x" * 5000,
        "null\x00byte",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
    ],
)
def test_search_answers_any_input_without_error(client, query):
    ArticleFactory(title="Something to find")
    response = client.get(reverse("articles:search"), {"q": query})
    html = response.content.decode()
    if "\x00" in query:
        # Refused site-wide before any query (agency.core.middleware.RejectNulMiddleware).
        assert response.status_code == 400
        assert "NUL character" in html
        return
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    if not query.strip():
        assert "Type one or more words" in html


def test_long_search_is_shortened_and_says_so(client):
    response = client.get(reverse("articles:search"), {"q": "word " * 100})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 100
    assert "only its first 100 characters were used" in response.content.decode()


def test_search_results_are_paginated_and_keep_the_query(client):
    for n in range(12):
        ArticleFactory(title=f"Pagination topic {n}")
    response = client.get(reverse("articles:search"), {"q": "pagination"})
    html = response.content.decode()
    assert len(response.context["results"]) == 10
    assert "?q=pagination&amp;page=2" in html


# --- Home page block --------------------------------------------------------------------


def test_home_page_shows_latest_articles_block(client):
    ArticleFactory(title="Fresh on the home page")
    html = client.get("/").content.decode()
    assert "From our magazine" in html and "Fresh on the home page" in html


def test_home_page_block_is_absent_without_articles(client):
    DraftArticleFactory(title="Not yet")
    html = client.get("/").content.decode()
    assert "From our magazine" not in html and "Not yet" not in html


def test_search_follows_edits(client):
    article = ArticleFactory(
        title="Old wording", excerpt="Plain.", body="<p>Plain.</p>"
    )
    article.title = "Quarterly newsletter"
    article.save()
    response = client.get(reverse("articles:search"), {"q": "newsletter"})
    assert list(response.context["results"]) == [article]
    assert not client.get(reverse("articles:search"), {"q": "wording"}).context[
        "results"
    ]


def test_home_page_block_pins_featured_articles_first(client):
    ArticleFactory(title="Newest plain piece")
    ArticleFactory(
        title="Older featured piece", featured=True, published_at=ago(days=30)
    )
    html = client.get("/").content.decode()
    assert html.index("Older featured piece") < html.index("Newest plain piece")


def test_search_ranks_within_the_newest_matches_and_says_so(client, monkeypatch):
    """A word in most articles: relevance among the newest matches, and the page says so."""
    monkeypatch.setattr("articles.search.RANK_WINDOW", 3)
    old_title_match = ArticleFactory(title="Widgets", published_at=ago(days=90))
    newer = [
        ArticleFactory(
            title=f"Piece {n}", body="<p>About widgets.</p>", published_at=ago(days=n)
        )
        for n in range(1, 5)
    ]
    response = client.get(reverse("articles:search"), {"q": "widgets"})
    results = list(response.context["results"])
    assert results == newer[:3]
    assert old_title_match not in results
    assert "the newest 3 are ranked here" in response.content.decode()

    monkeypatch.setattr("articles.search.RANK_WINDOW", 10)
    response = client.get(reverse("articles:search"), {"q": "widgets"})
    assert list(response.context["results"])[0] == old_title_match
    assert "5 articles match" in response.content.decode()
