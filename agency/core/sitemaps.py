"""Sitemaps on SITE_URL: the base class each app's sitemaps subclass, and the index."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from agency.core.seo import absolute_url


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on SITE_URL; `lastmod_field` dates each item."""

    lastmod_field = "updated_at"

    def _site(self):
        return urlsplit(settings.SITE_URL.rstrip("/"))

    def get_protocol(self, protocol=None):
        return self._site().scheme or "https"

    def get_domain(self, site=None):
        parts = self._site()
        return f"{parts.netloc}{parts.path}"

    def lastmod(self, item):
        if isinstance(item, dict):
            return item.get(self.lastmod_field)
        return getattr(item, self.lastmod_field, None)

    def get_latest_lastmod(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return items.aggregate(latest=Max(self.lastmod_field))["latest"]
        return max(filter(None, (self.lastmod(item) for item in items)), default=None)


@x_robots_tag
def index(request, sitemaps, section_url_name="sitemap_section"):
    """The sitemap index: one entry per section (and per page of a long section)."""
    entries = []
    latest = None
    for section, sitemap in sitemaps.items():
        if callable(sitemap):
            sitemap = sitemap()
        url = absolute_url(reverse(section_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        if lastmod is not None:
            latest = lastmod if latest is None else max(latest, lastmod)
        entries.append(SitemapIndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{url}?p={page}", lastmod))
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )
