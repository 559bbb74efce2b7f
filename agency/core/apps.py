from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The infrastructure every app builds on: caching, SEO, media, rich text, security,
    rate limits. It imports no feature app; the apps register with it."""

    name = "agency.core"
    label = "core"
    verbose_name = _("Infrastructure")
