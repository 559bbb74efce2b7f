"""django-taggit under the name a person reads in the admin: "Tags", not "Taggit".

In a module of its own: beside CoreConfig in apps.py, Django would find two app configs
there and use neither for agency.core.
"""

from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = _("Tags")
