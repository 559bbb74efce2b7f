from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from agency.core import jsonld
        from agency.core.pagecache import invalidate_pages_on, key_varies_with

        from . import jsonld as service_jsonld
        from .landing import blocks as landing_blocks
        from .landing.split import page_cache_version

        # Cached pages and the blocks kept with them show the catalogue everywhere
        # (home, footer, article sidebar): every model of the app retires them.
        # (Not a landing page's visitor count: it changes no page.)
        invalidate_pages_on(
            *(
                model
                for model in self.get_models()
                if model.__name__ != "LandingVisitor"
            )
        )
        jsonld.describe("services.service", service_jsonld.service)
        jsonld.describe("services.landingpage", service_jsonld.landing_page)
        # A landing page is kept once per version its visitors are split between.
        key_varies_with(page_cache_version)
        # The blocks that show the catalogue's content: case studies, the enquiry form.
        landing_blocks.register_all()
