from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from agency.frame import invalidate_frame_on

        from . import signals
        from .models import CaseStudy, Service, Solution

        # The menu may point at these; a changed slug or publish flag must show at once.
        invalidate_frame_on(Service, CaseStudy, Solution)
        signals.connect()
