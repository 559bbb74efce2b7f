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
        from agency.core import fragments, identity, pagecache, roles, search
        from agency.site import frame
        from agency.site.models import MenuItem, Page, SiteSettings
        from services.selectors import catalogue_search

        pagecache.read_with_generation("frame", frame.frame_key())
        # The menu's targets in other apps (categories, services, case studies,
        # solutions) retire the pages, and the frame with them, through their own
        # apps' registrations: the frame is kept under the same generation.
        pagecache.invalidate_pages_on(SiteSettings, MenuItem, Page)
        fragments.frame_fragments_from(frame.page_fragments)
        identity.settings_from(lambda: frame.get_frame()["settings"])
        # The search page (the articles') also lists the catalogue's matches.
        search.finds_with(catalogue_search)
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
