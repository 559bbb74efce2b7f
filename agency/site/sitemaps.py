"""The sitemap index and the site's own sections: fixed pages and simple pages.

Every address is on settings.SITE_URL, not the request's host. The apps add their own
sections in `<app>/sitemaps.py`; agency/urls.py puts them together.
"""

from django.urls import NoReverseMatch, reverse

from agency.core.sitemaps import SiteSitemap
from agency.site.models import Page, SiteSettings


class SectionSitemap(SiteSitemap):
    """The home page and the section landing pages that exist."""

    changefreq = "daily"
    url_names = [
        "home",
        "articles:article_list",
        "services:service_list",
        "services:case_list",
        "services:solution_list",
        "leads:contact",
    ]

    def items(self):
        names = []
        for name in self.url_names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.append(name)
        return names

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        # The home page and the lists change whenever the site's settings or content do;
        # the settings' date is the one date every one of them shares.
        if not hasattr(self, "_settings_date"):
            self._settings_date = SiteSettings.load().updated_at
        return self._settings_date


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().order_by("pk")
