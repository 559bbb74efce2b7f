"""The sitemap index and the site's own sections: fixed pages and simple pages.

Every address is on settings.SITE_URL, not the request's host. The apps add their own
sections in `<app>/sitemaps.py`; agency/urls.py puts them together.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from agency.core.sitemaps import SiteSitemap, TranslatedSitemap
from agency.core.translation import url_in
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
        """(URL name, language): each section in each language."""
        names = []
        for name in self.url_names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names += [(name, code) for code, _name in settings.LANGUAGES]
        return names

    def location(self, item):
        name, language = item
        return url_in(language, name)

    def item_alternates(self, items):
        return [
            {code: url_in(code, name) for code, _name in settings.LANGUAGES}
            for name, _language in items
        ]

    def lastmod(self, item):
        # The home page and the lists change whenever the site's settings or content do;
        # the settings' date is the one date every one of them shares.
        if not hasattr(self, "_settings_date"):
            self._settings_date = SiteSettings.load().updated_at
        return self._settings_date


class PageSitemap(TranslatedSitemap):
    model = Page
    changefreq = "monthly"
