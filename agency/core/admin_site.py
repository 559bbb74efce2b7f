"""The project's admin site: Django's, with the site's titles, the sign-in form that
locks out guessers, and an index titled by what the person may open. Installed as the
default site (agency/core/admin_apps.py, in INSTALLED_APPS), so `admin.site` is this one."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from agency.core.admin_language import set_admin_language
from agency.core.admin_login import LockoutAuthenticationForm
from agency.core.roles import EDITORS, ROLE_APPS, SALES


def index_title_for(user):
    """Return the admin index's title for what this user may work on.

    An editor is promised no leads, a salesperson no content: the title names the
    roles' apps (agency.core.roles) the user may open, all of them for a superuser.
    """

    def may_open(role):
        return any(user.has_module_perms(label) for label in ROLE_APPS[role])

    content, leads = may_open(EDITORS), may_open(SALES)
    if content and leads:
        return _("Content, leads and settings")
    if content:
        return _("Content and settings")
    if leads:
        return _("Leads")
    return AgencyAdminSite.index_title


class AgencyAdminSite(admin.AdminSite):
    site_header = _("Agency administration")
    site_title = _("Agency admin")
    index_title = _("Site administration")
    login_form = LockoutAuthenticationForm

    def index(self, request, extra_context=None):
        title = {"title": index_title_for(request.user)}
        return super().index(request, {**title, **(extra_context or {})})

    def get_urls(self):
        # Before Django's own, whose catch-all would answer this path first.
        own = [
            path(
                "language/",
                self.admin_view(set_admin_language),
                name="set_admin_language",
            )
        ]
        return own + super().get_urls()
