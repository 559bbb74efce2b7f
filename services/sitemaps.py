"""Services, case studies and solutions in the sitemap, dated by their last edit."""

from agency.core.sitemaps import SiteSitemap

from .models import CaseStudy, Service, Solution


class ServiceSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Service.objects.published().order_by("pk")


class CaseStudySitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return CaseStudy.objects.published().order_by("pk")


class SolutionSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Solution.objects.published().order_by("pk")
