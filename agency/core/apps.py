from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The infrastructure every app builds on: caching, SEO, media, rich text, security,
    rate limits. It imports no feature app; the apps register with it."""

    name = "agency.core"
    label = "core"
    verbose_name = _("Infrastructure")

    def ready(self):
        # Each app's periodic jobs (<app>/tasks.py), as the admin discovers admin.py: the
        # worker runs them, and every process knows them for Admin > Background jobs.
        autodiscover_modules("tasks")
        # The blocks any page may be built from (agency.core.blocks).
        from agency.core import block_types  # noqa: F401
        from agency.core.pagecache import release

        # This release, read from the code this process loaded, now: not at its first
        # request, by when a deploy in place may have changed the files under it.
        release()
