"""Sitemaps on SITE_URL: the base class each app's sitemaps subclass, and the index."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from agency.core.i18n import html_language, x_default
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

    def get_urls(self, page=1, site=None, protocol=None):
        """Each URL with its hreflang alternates where the page exists in another
        language too (`item_alternates`), x-default among them."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        found = self.item_alternates([url["item"] for url in urls])
        for url, alternates in zip(urls, found, strict=True):
            if alternates and len(alternates) > 1:
                url["alternates"] = [
                    {"lang_code": html_language(code), "location": f"{base}{path}"}
                    for code, path in alternates.items()
                ] + [
                    {"lang_code": "x-default", "location": base + x_default(alternates)}
                ]
        return urls

    def item_alternates(self, items):
        """[{language: path}] of `items`, in order ({} for one language only)."""
        return [{} for _item in items]

    def get_latest_lastmod(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return items.aggregate(latest=Max(self.lastmod_field))["latest"]
        return max(filter(None, (self.lastmod(item) for item in items)), default=None)


class TranslatedSitemap(SiteSitemap):
    """Content written per language (`Translatable`): the published rows of every
    language, each at its own address, each with its published translations."""

    model = None

    def items(self):
        return self.model._default_manager.published(language=None).order_by("pk")

    def item_alternates(self, items):
        keys = {item.translation_key for item in items}
        found = {}
        rows = (
            self.model._default_manager.published(language=None)
            .filter(translation_key__in=keys)
            .order_by("language")
        )
        for row in rows:
            found.setdefault(row.translation_key, {})[row.language] = (
                row.get_absolute_url()
            )
        return [found.get(item.translation_key, {}) for item in items]


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
