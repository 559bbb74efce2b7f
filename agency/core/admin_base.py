"""What every admin of the site shares."""

import datetime
import hashlib

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# The fieldset of the SeoFields every catalogue and content model has.
SEO_FIELDSET = (_("Search engines"), {"fields": ["seo_title", "seo_description"]})


def new_tab_link(url, text):
    """A link that opens beside the admin (a page of the site, a preview); "—" for
    no address."""
    if not url:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, text)


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


# The hidden field of a change form that says which stored version it was opened on.
VERSION_FIELD = "_version"


def stored_version(obj):
    """A token that changes whenever anything stored in `obj`'s row changes."""
    values = [(field.attname, field.value_to_string(obj)) for field in obj._meta.fields]
    digest = hashlib.sha256(repr(values).encode(), usedforsecurity=False)
    return digest.hexdigest()[:32]


def last_change(obj):
    """(who, when) of the latest admin change of `obj`, or (None, None)."""
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(
                obj, for_concrete_model=False
            ),
            object_id=str(obj.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None:
        return None, None
    return entry.user, entry.action_time


class NoSilentOverwriteMixin:
    """Two editors open the same object; the first saves; the second's save is refused.

    The change form carries the stored version it was opened on (VERSION_FIELD). A save
    whose version is no longer the stored one is refused with a message naming who
    saved and when; the form keeps every value the editor typed and lists the fields
    where they differ from the saved version (the form's "changed" fields, measured
    against what is stored now). The form then carries the new version: saving again
    replaces the other editor's version knowingly, as WordPress's "take over" does.
    """

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (VersionCheckedForm, form), {})

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        form = context.get("adminform") and context["adminform"].form
        if obj is not None and isinstance(form, VersionCheckedForm):
            context["edit_version"] = form.edit_version
            if form.conflict:
                opts = obj._meta
                context["edit_conflict"] = {
                    **form.conflict,
                    "history_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_history",
                        args=[obj.pk],
                        current_app=self.admin_site.name,
                    ),
                }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


class VersionCheckedForm(forms.ModelForm):
    """The change form of NoSilentOverwriteMixin (mixed into the admin's own form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # Opened now: the stored version. Sent back: the version it was opened on,
        # kept through any other error until a conflict is shown.
        self.edit_version = (self.is_bound and self.data.get(VERSION_FIELD)) or (
            stored_version(self.instance)
        )

    def clean(self):
        cleaned_data = super().clean()
        # Before the form's values are put on the instance: it is as stored now.
        current = stored_version(self.instance)
        if self.edit_version != current:
            who, when = last_change(self.instance)
            self.conflict = {
                "who": who,
                "when": when,
                "fields": [
                    self.fields[name].label or name
                    for name in self.changed_data
                    if name in self.fields
                ],
            }
            self.edit_version = current
            raise ValidationError(
                _(
                    "%(who)s saved this %(name)s at %(when)s, after you opened it. "
                    "Nothing of yours was saved: your changes are still in the form. "
                    "Check the fields listed, then save again to replace their "
                    "version with yours."
                ),
                code="edit_conflict",
                params={
                    "who": (who.get_full_name() or who.get_username())
                    if who
                    else _("Someone"),
                    "name": self.instance._meta.verbose_name,
                    "when": formats.date_format(
                        timezone.localtime(when), "DATETIME_FORMAT"
                    )
                    if when
                    else _("an unknown time"),
                },
            )
        return cleaned_data
