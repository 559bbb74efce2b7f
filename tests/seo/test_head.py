"""The head of every page: title, description, canonical, Open Graph, Twitter, JSON-LD."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from factory.django import ImageField
from PIL import Image

from agency.site.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
    PageFactory,
    ServiceFactory,
)

from .conftest import SITE
from .html import read_head

pytestmark = pytest.mark.django_db


def article_site():
    return SiteSettings.load()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_home_has_site_title_description_canonical_and_social_tags(client, site):
    head = read_head(client.get("/", HTTP_HOST="testserver"))
    assert head.title == "Bluepeak Digital | Mini programs, apps and growth"
    assert head.meta["description"] == "A digital agency in Shanghai."
    assert head.link("canonical") == [f"{SITE}/"]
    assert head.meta["og:url"] == f"{SITE}/"
    assert head.meta["og:type"] == "website"
    assert head.meta["og:site_name"] == "Bluepeak Digital"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:site"] == "@bluepeak"
    # No share image uploaded: the generated site card, 1200x630.
    assert head.meta["og:image"] == f"{SITE}/share-card.png"
    assert head.meta["og:image:width"] == "1200"


def test_home_json_ld_organization_has_contact_points(client, site):
    head = read_head(client.get("/"))
    [org] = head.of_type("Organization")
    assert org["@context"] == "https://schema.org"
    assert org["name"] == "Bluepeak Digital"
    assert org["url"] == f"{SITE}/"
    assert org["address"]["streetAddress"] == "88 Century Avenue, Shanghai"
    assert org["sameAs"] == ["https://weibo.com/bluepeak", "https://x.com/bluepeak"]
    points = {point["contactType"]: point for point in org["contactPoint"]}
    assert points["sales"]["telephone"] == "400-123-4567"
    assert points["sales"]["email"] == "hello@example.com"
    assert points["customer service"]["telephone"] == "138 0000 0000"
    [website] = head.of_type("WebSite")
    assert website["potentialAction"]["target"]["urlTemplate"].endswith("?q={query}")


def test_organization_only_on_the_home_page(client, site):
    PageFactory(slug="about", title="About")
    head = read_head(client.get("/about/"))
    assert head.of_type("Organization") == []


def test_page_uses_its_seo_fields_and_gets_a_breadcrumb_list(client, site):
    PageFactory(
        slug="about", title="About", seo_title="About us", seo_description="Who."
    )
    head = read_head(client.get("/about/?utm_source=x"))
    assert head.link("canonical") == [f"{SITE}/about/"]  # no query string
    assert head.meta["og:title"] == "About us"
    assert head.meta["og:description"] == "Who."
    [crumbs] = head.of_type("BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == [1, 2]
    assert items[0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Home",
        "item": f"{SITE}/",
    }
    assert items[1]["name"] == "About"
    assert items[1]["item"] == f"{SITE}/about/"


def test_page_without_description_falls_back_to_the_site_default(client, site):
    PageFactory(slug="terms", title="Terms", seo_description="")
    head = read_head(client.get("/terms/"))
    assert head.meta["og:description"] == "A digital agency in Shanghai."


def test_json_ld_escapes_markup_in_user_text(client, site):
    """A title with </script> cannot end the JSON-LD block or inject markup."""
    PageFactory(slug="x", title="</script><script>alert(1)</script> & more")
    html = client.get("/x/").content.decode()
    ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
    assert "<" not in ld and ">" not in ld and "&" not in ld
    assert "\\u003C/script\\u003E" in ld
    [crumbs] = read_head(client.get("/x/")).of_type("BreadcrumbList")
    assert crumbs["itemListElement"][1]["name"].startswith("</script>")


def render_base(rf, path, **context):
    """The head base.html gives a page whose own template leaves the SEO blocks alone."""
    request = rf.get(path)
    html = render_to_string("base.html", context, request=request)
    return read_head(HttpResponse(html))


@pytest.fixture
def article(site):
    profile = AuthorProfileFactory(display_name="Li Lei")
    parent = CategoryFactory(name="News", slug="news")
    category = CategoryFactory(name="Industry", slug="industry", parent=parent)
    return ArticleFactory(
        title="Mini programs in 2026",
        author=profile.user,
        category=category,
        excerpt="What changed this year.",
        tags=["WeChat", "SEO"],
    )


def test_article_page_has_article_and_breadcrumb_json_ld(client, article):
    head = read_head(client.get(article.get_absolute_url()))
    url = f"{SITE}{article.get_absolute_url()}"
    [data] = head.of_type("Article")
    for required in ("headline", "image", "datePublished", "dateModified", "author"):
        assert data[required], required
    assert data["headline"] == "Mini programs in 2026"
    assert data["description"] == "What changed this year."
    assert data["author"][0]["name"] == "Li Lei"
    profile = article.author.author_profile
    assert data["author"][0]["url"] == f"{SITE}{profile.get_absolute_url()}"
    assert data["publisher"]["name"] == "Bluepeak Digital"
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == timezone.localtime(article.published_at).isoformat(
        timespec="seconds"
    )
    assert data["keywords"] in ("WeChat, SEO", "SEO, WeChat")
    # No cover: the generated 1200x630 card of the article.
    assert data["image"] == [f"{url}card.png"]
    [crumbs] = head.of_type("BreadcrumbList")
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["Home", "News", "Industry", "Mini programs in 2026"]
    assert crumbs["itemListElement"][2]["item"] == f"{SITE}/articles/category/industry/"
    assert crumbs["itemListElement"][-1]["item"] == url


def test_article_page_head_and_share_bar(client, article):
    """The article page as wired: head tags on SITE_URL and the share bar."""
    response = client.get(article.get_absolute_url())
    head = read_head(response)
    url = f"{SITE}{article.get_absolute_url()}"
    assert head.link("canonical") == [url]
    assert head.meta["og:url"] == url
    assert head.meta["og:image"] == f"{url}card.png"
    assert head.meta["twitter:card"] == "summary_large_image"
    html = response.content.decode()
    assert f'href="{article.get_absolute_url()}poster.png"' in html
    assert "Generate poster" in html
    assert "<svg" in html  # the WeChat QR code, drawn inline
    assert "https://service.weibo.com/share/share.php?url=" in html
    assert f'data-copy-link="{url}"' in html


def test_author_page_is_described_by_the_bio(client, site):
    profile = AuthorProfileFactory(display_name="Li Lei", bio="Writes about apps.")
    ArticleFactory(author=profile.user)
    head = read_head(client.get(profile.get_absolute_url()))
    assert head.meta["og:title"] == "Li Lei"
    assert head.meta["og:description"] == "Writes about apps."


def test_article_social_tags_from_base(rf, article):
    head = render_base(rf, "/anything/", object=article, site=article_site())
    url = f"{SITE}{article.get_absolute_url()}"
    assert head.link("canonical") == [url]
    assert head.meta["og:url"] == url
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Mini programs in 2026"
    assert head.title == "Mini programs in 2026 | Bluepeak Digital"
    assert head.meta["description"] == "What changed this year."
    assert head.meta["article:section"] == "Industry"
    assert {v for k, v in head.meta_all if k == "article:tag"} == {"WeChat", "SEO"}
    assert head.meta["og:image"] == f"{url}card.png"
    assert head.meta["og:image:width"] == "1200"
    assert head.meta["twitter:image"] == f"{url}card.png"


def test_article_with_cover_shares_its_cover(rf, site):
    article = ArticleFactory(cover=ImageField(width=1600, height=900))
    head = render_base(rf, "/x/", object=article, site=site)
    rendition = article.cover_rendition(1200)["jpeg"]
    assert head.meta["og:image"] == f"{SITE}/media/{rendition}"
    assert head.meta["og:image:width"] == "1200"
    assert head.meta["og:image:height"] == "675"


def test_cover_without_renditions_is_shared_as_uploaded(rf, site):
    article = ArticleFactory(cover=ImageField(width=500, height=300))
    type(article).objects.filter(pk=article.pk).update(cover_renditions={})
    article.refresh_from_db()
    head = render_base(rf, "/x/", object=article, site=site)
    assert head.meta["og:image"] == f"{SITE}{article.cover.url}"
    assert head.meta["og:image:width"] == "500"


def test_view_can_set_meta_explicitly(rf, site):
    head = render_base(
        rf,
        "/x/",
        site=site,
        meta_title="Custom",
        meta_description="Said by the view.",
        meta_image="/static/img/x.png",
        canonical_url="/y/",
        og_type="profile",
    )
    assert head.meta["og:title"] == "Custom"
    assert head.meta["og:description"] == "Said by the view."
    assert head.meta["og:image"] == f"{SITE}/static/img/x.png"
    assert head.link("canonical") == [f"{SITE}/y/"]
    assert head.meta["og:type"] == "profile"


def test_list_page_title_comes_from_its_breadcrumb(rf, site):
    head = render_base(rf, "/cases/", site=site, breadcrumbs=[("Case studies", None)])
    assert head.title == "Case studies | Bluepeak Digital"
    assert head.meta["og:title"] == "Case studies"
    assert head.link("canonical") == [f"{SITE}/cases/"]


def test_list_of_an_object_describes_it_and_keeps_the_page_number(rf, site):
    """A category's list sets `seo_object`: its name, description and address."""
    category = CategoryFactory(
        name="News", slug="news", description="What happened this week."
    )

    class Page2:
        number = 2

    head = render_base(
        rf,
        "/articles/category/news/?page=2",
        site=site,
        seo_object=category,
        page_obj=Page2(),
        breadcrumbs=[("News", None)],
    )
    assert head.meta["og:title"] == "News"
    assert head.meta["og:description"] == "What happened this week."
    assert head.link("canonical") == [f"{SITE}/articles/category/news/?page=2"]


def test_uploaded_default_share_image_wins_over_the_site_card(rf, site):
    site.default_share_image = SimpleUploadedFile("share.png", png_bytes())
    site.save()
    head = render_base(rf, "/x/", site=site)
    assert head.meta["og:image"] == f"{SITE}{site.default_share_image.url}"


def test_service_page_has_service_json_ld(client, site):
    parent = ServiceFactory(name="Mini programs", slug="mini-programs")
    child = ServiceFactory(name="Shop mini program", slug="shop", parent=parent)
    ServiceFactory(name="Hidden", slug="hidden", parent=parent, published=False)
    head = read_head(client.get(parent.get_absolute_url()))
    [data] = head.of_type("Service")
    assert data["name"] == "Mini programs"
    assert data["url"] == f"{SITE}/services/mini-programs/"
    assert data["provider"]["name"] == "Bluepeak Digital"
    assert data["image"].startswith(f"{SITE}/media/")
    offers = data["hasOfferCatalog"]["itemListElement"]
    assert [o["itemOffered"]["name"] for o in offers] == ["Shop mini program"]
    assert offers[0]["itemOffered"]["url"] == f"{SITE}{child.get_absolute_url()}"
    assert head.of_type("BreadcrumbList")


def test_every_page_announces_the_article_feeds(client, site):
    head = read_head(client.get("/"))
    assert head.link("alternate", "application/rss+xml") == [f"{SITE}/feed/"]
    assert head.link("alternate", "application/atom+xml") == [f"{SITE}/feed/atom/"]


def test_category_page_announces_its_own_feeds(client, site):
    category = CategoryFactory(slug="news")
    ArticleFactory(category=category)
    head = read_head(client.get(category.get_absolute_url()))
    assert f"{SITE}/articles/category/news/feed/" in head.link(
        "alternate", "application/rss+xml"
    )
    assert f"{SITE}/articles/category/news/feed/atom/" in head.link(
        "alternate", "application/atom+xml"
    )


def test_list_page_canonical_keeps_the_page_number(client, site):
    for _ in range(13):
        ArticleFactory()
    head = read_head(client.get("/articles/?page=2"))
    assert head.link("canonical") == [f"{SITE}/articles/?page=2"]


def test_robots_txt_points_at_the_sitemap_on_the_public_url(client, site):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /articles/preview/" in lines
