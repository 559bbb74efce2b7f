from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from agency.core import jsonld
        from agency.core.pagecache import invalidate_pages_on

        from . import jsonld as service_jsonld

        # Cached pages and the blocks kept with them show the catalogue everywhere
        # (home, footer, article sidebar): every model of the app retires them.
        invalidate_pages_on(*self.get_models())
        jsonld.describe("services.service", service_jsonld.service)
