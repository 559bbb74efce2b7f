"""What every admin of the site shares."""

import datetime

from django.utils.translation import gettext_lazy as _

# The fieldset of the SeoFields every catalogue and content model has.
SEO_FIELDSET = (_("Search engines"), {"fields": ["seo_title", "seo_description"]})


class KeepStoredPrecisionMixin:
    """A field the editor did not change keeps its stored value.

    The admin's date and time boxes show seconds, not microseconds: without this, saving
    an object unchanged would rewrite every timestamp it shows, to the second.
    """

    def save_model(self, request, obj, form, change):
        if change:
            for name, value in form.initial.items():
                if (
                    name in form.fields
                    and name not in form.changed_data
                    and isinstance(value, datetime.datetime)
                ):
                    setattr(obj, name, value)
        super().save_model(request, obj, form, change)
