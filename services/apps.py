from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from agency.core import jsonld
        from agency.core.pagecache import invalidate_pages_on

        from . import jsonld as service_jsonld
        from .models import (
            CaseStudy,
            CaseStudyImage,
            CaseStudyResult,
            Industry,
            Service,
            Solution,
        )

        # Cached pages and the blocks kept with them show the catalogue everywhere
        # (home, footer, article sidebar).
        invalidate_pages_on(
            Service, CaseStudy, CaseStudyImage, CaseStudyResult, Industry, Solution
        )
        jsonld.describe("services.service", service_jsonld.service)
