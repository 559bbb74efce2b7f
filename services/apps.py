from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from agency.frame import invalidate_frame_on
        from agency.pagecache import invalidate_pages_on

        from . import signals
        from .models import (
            CaseStudy,
            CaseStudyImage,
            CaseStudyResult,
            Industry,
            Service,
            Solution,
        )

        # The menu may point at these; a changed slug or publish flag must show at once.
        invalidate_frame_on(Service, CaseStudy, Solution)
        # Cached pages show the catalogue everywhere (home, footer, article sidebar).
        invalidate_pages_on(
            Service, CaseStudy, CaseStudyImage, CaseStudyResult, Industry, Solution
        )
        signals.connect()
