"""django-axes under the name a person reads in the admin ("Sign-in lockout", in either
language), not "Axes", which it gives no translation of.

In a module of its own, as taggit_app.py: Django uses the one app config it finds there.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class SignInLockoutConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockout")
