"""The project's URLs: the infrastructure's, each feature app's, then the site's own.

Order matters where patterns overlap: the apps' fixed paths come before the simple
pages' catch-all `/<slug>/`.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from agency.core import sitemaps as core_sitemaps
from agency.core import views as core_views
from agency.core.admin import view_on_site
from agency.site import sitemaps as site_sitemaps
from agency.site import views as site_views
from articles.sitemaps import ArticleSitemap, CategorySitemap, TagSitemap
from services.sitemaps import (
    CaseStudySitemap,
    LandingPageSitemap,
    ServiceSitemap,
    SolutionSitemap,
)

SITEMAPS = {
    "sections": site_sitemaps.SectionSitemap,
    "pages": site_sitemaps.PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "services": ServiceSitemap,
    "cases": CaseStudySitemap,
    "solutions": SolutionSitemap,
    "campaigns": LandingPageSitemap,
}

handler500 = core_views.server_error

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Before the admin's own: its "view on site" redirect, for staff allowed to see.
    path(
        f"{settings.AGENCY_ADMIN_URL}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    path(settings.AGENCY_ADMIN_URL, admin.site.urls),
    path("ckeditor/", include("agency.core.editor_urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    # Search engines; before the apps, whose catch-alls would otherwise take these.
    path("sitemap.xml", core_sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

# What visitors read, in each language: English at its address, Chinese under /zh-hans/.
urlpatterns += i18n_patterns(
    path("", site_views.HomeView.as_view(), name="home"),
    path("share-card.png", site_views.site_card, name="site_card"),
    path("", include("articles.urls")),
    path("", include("services.urls")),
    path("", include("leads.urls")),
    # Simple pages last: /<slug>/ matches whatever the apps above left.
    path("<slug:slug>/", site_views.PageDetailView.as_view(), name="page_detail"),
    prefix_default_language=False,
)

if settings.AGENCY_SERVE_MEDIA:
    urlpatterns.insert(0, path("media/<path:path>", core_views.media, name="media"))
