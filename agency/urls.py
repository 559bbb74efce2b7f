from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles import feeds, poster
from articles.sitemaps import ArticleSitemap, CategorySitemap, TagSitemap
from services.sitemaps import CaseStudySitemap, ServiceSitemap, SolutionSitemap

from . import sitemaps, views
from .admin import view_on_site

SITEMAPS = {
    "sections": sitemaps.SectionSitemap,
    "pages": sitemaps.PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "services": ServiceSitemap,
    "cases": CaseStudySitemap,
    "solutions": SolutionSitemap,
}
# Article slugs may be Chinese: the same pattern as articles.urls' "uslug".
ARTICLE_SLUG = r"(?P<slug>[-\w]+)"

handler500 = views.server_error

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own: its "view on site" redirect, for staff allowed to see.
    path(
        f"{settings.AGENCY_ADMIN_URL}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    path(settings.AGENCY_ADMIN_URL, admin.site.urls),
    path("ckeditor/", include("agency.editor_urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    # Search engines and share previews; before the apps, whose catch-alls would
    # otherwise take these paths.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("feed/", feeds.ArticleFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    re_path(
        rf"^articles/category/{ARTICLE_SLUG}/feed/$",
        feeds.CategoryArticleFeed(),
        name="category_feed_rss",
    ),
    re_path(
        rf"^articles/category/{ARTICLE_SLUG}/feed/atom/$",
        feeds.AtomCategoryArticleFeed(),
        name="category_feed_atom",
    ),
    re_path(
        rf"^articles/{ARTICLE_SLUG}/poster\.png$",
        poster.article_poster,
        name="article_poster",
    ),
    re_path(
        rf"^articles/{ARTICLE_SLUG}/qr\.svg$",
        poster.article_qr,
        name="article_qr",
    ),
    re_path(
        rf"^articles/{ARTICLE_SLUG}/card\.png$",
        poster.article_card,
        name="article_card",
    ),
    path("share-card.png", views.site_card, name="site_card"),
    path("", include("articles.urls")),
    path("", include("services.urls")),
    path("", include("leads.urls")),
    # Simple pages last: /<slug>/ matches whatever the apps above left.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]

if settings.AGENCY_SERVE_MEDIA:
    urlpatterns.insert(0, path("media/<path:path>", views.media, name="media"))

if settings.AGENCY_BENCH:
    # The benchmark's baseline: the smallest Django view, through the same middleware.
    from django.http import HttpResponse

    urlpatterns.insert(
        0, path("__bench__/baseline", lambda request: HttpResponse("ok"))
    )
