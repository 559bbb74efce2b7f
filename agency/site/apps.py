from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site composition: home page, menu, simple pages and the site's settings.

    Its label stays "agency" (its tables and migrations predate the move into
    agency/site/)."""

    name = "agency.site"
    label = "agency"
    verbose_name = _("Site")

    def ready(self):
        # The menu links to articles' categories and to services: a changed slug or
        # publish flag must show in it at once.
        from agency.core import fragments, identity, pagecache, roles
        from agency.site import frame
        from agency.site.models import MenuItem, Page, SiteSettings
        from articles.models import Category
        from services.models import CaseStudy, Service, Solution

        pagecache.read_with_generation("frame", frame.FRAME_CACHE_KEY)
        pagecache.invalidate_pages_on(
            SiteSettings, MenuItem, Page, Category, Service, CaseStudy, Solution
        )
        fragments.frame_fragments_from(frame.page_fragments)
        identity.settings_from(lambda: frame.get_frame()["settings"])
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
