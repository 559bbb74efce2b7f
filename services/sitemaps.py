"""Services, case studies, solutions and landing pages in the sitemap, dated by their last edit."""

from agency.core.sitemaps import TranslatedSitemap

from .models import CaseStudy, LandingPage, Service, Solution


class ServiceSitemap(TranslatedSitemap):
    model = Service
    changefreq = "monthly"
    priority = 0.8


class CaseStudySitemap(TranslatedSitemap):
    model = CaseStudy
    changefreq = "monthly"


class SolutionSitemap(TranslatedSitemap):
    model = Solution
    changefreq = "monthly"


class LandingPageSitemap(TranslatedSitemap):
    """Landing pages search engines may list (not those hidden from them)."""

    model = LandingPage
    changefreq = "monthly"

    def items(self):
        return super().items().filter(noindex=False)
