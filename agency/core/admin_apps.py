"""Django's admin app with the project's site as its default site (`admin.site`). Apart
from agency/core/admin_site.py, which needs the models, so that INSTALLED_APPS can name
it before they are loaded."""

from django.contrib.admin.apps import AdminConfig


class AgencyAdminConfig(AdminConfig):
    default_site = "agency.core.admin_site.AgencyAdminSite"
