"""Services, case studies and solutions in the sitemap, dated by their last edit."""

from agency.core.sitemaps import TranslatedSitemap

from .models import CaseStudy, Service, Solution


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
