from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("Site")

    def ready(self):
        # Menu targets in other apps: a changed slug must show in the menu at once.
        from articles.models import Category

        from . import frame, pagecache, roles
        from .models import MenuItem, Page, SiteSettings

        frame.invalidate_frame_on(SiteSettings, MenuItem, Page, Category)
        pagecache.invalidate_pages_on(SiteSettings, MenuItem, Page)
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
