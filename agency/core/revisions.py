"""Revisions of content in the admin (django-reversion): every save keeps one, with who,
when and an optional message; the history compares any of them with the current
version, field by field, and restores it in one click (itself a new revision); deleted
objects can be recovered (reversion's "Recover deleted").

What this adds to reversion's VersionAdmin: the compare page (reversion's own revision
page is a pre-filled form, with no way to see what differs), a restore that keeps what
only counters write (an article's views and likes) and goes through the model's own
save (derived fields, signals: the page cache retires), and the editor's message.
"""

import datetime
import difflib
import re
from html import unescape

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion import (
    add_to_revision,
    create_revision,
    is_registered,
    register,
    set_comment,
    set_user,
)
from reversion.admin import VersionAdmin
from reversion.models import Version

# The change form's optional box: what this save is about, kept with its revision.
MESSAGE_FIELD = "_revision_message"
_BLOCK_END = re.compile(
    r"(</(?:p|div|h[1-6]|li|blockquote|pre|td|th)>|<br\s*/?>)", re.I
)
_WORDS = re.compile(r"\S+\s*|\s+")  # a word with the space after it


def as_text(value):
    """A field's value as a person reads it: rich text as its text, blocks apart."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(each) for each in value)
    text = str(value)
    if "<" in text and ">" in text:
        text = unescape(strip_tags(_BLOCK_END.sub(r"\1\n", text)))
        text = "\n".join(" ".join(line.split()) for line in text.splitlines())
        text = re.sub(r"\n{2,}", "\n", text).strip()
    return text


def marked_diff(old, new):
    """HTML of `new` against `old`, word by word: removals in <del>, additions in <ins>."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 (escaped)


class RevisionsAdmin(VersionAdmin):
    """VersionAdmin with a compare page and a restore that keeps counters.

    `revision_keeps`: fields only counters write, never taken from an old revision.
    `revision_follow`: relations saved with each revision besides the inlines (an
    article's tags).
    """

    revision_keeps = ()
    revision_derived = ()
    revision_follow = ()
    history_latest_first = True

    def reversion_register(self, model, **kwargs):
        if model is self.model:
            kwargs["follow"] = (*kwargs.get("follow", ()), *self.revision_follow)
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *self.revision_exclude())
            for name in self.revision_follow:
                related = model._meta.get_field(name).related_model
                if not is_registered(related):
                    register(related)
        super().reversion_register(model, **kwargs)

    def revision_exclude(self):
        """Fields a revision does not keep: counters, and what the model derives from
        the others (made again by its save() on restore)."""
        return (*self.revision_keeps, *self.revision_derived)

    def compared_fields(self):
        """The fields the compare page shows: what an editor edits."""
        excluded = set(self.revision_exclude())
        fields = []
        for field in [
            *self.model._meta.concrete_fields,
            *self.model._meta.many_to_many,
        ]:
            if (
                field.editable
                and field.serialize
                and not field.primary_key
                and field.name not in excluded
                and not getattr(field, "auto_now", False)
                and not getattr(field, "auto_now_add", False)
            ):
                fields.append(field)
        return fields

    def _related_names(self, version):
        """{relation: [names]} of the followed rows the revision holds (tags)."""
        found = {}
        for other in version.revision.version_set.exclude(pk=version.pk):
            model = other.content_type.model_class()
            if model is None:
                continue
            found.setdefault(model._meta.verbose_name_plural, []).append(
                other.object_repr
            )
        return {name: sorted(values) for name, values in found.items()}

    def _current_related(self, obj):
        found = {}
        for name in self.revision_follow:
            manager = getattr(obj, name)
            model = manager.model
            found[model._meta.verbose_name_plural] = sorted(
                str(each) for each in manager.all()
            )
        return found

    @staticmethod
    def _display(field, value):
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime):
            # As the admin shows it: revisions keep milliseconds, the database more.
            return formats.date_format(timezone.localtime(value), "Y-m-d H:i:s")
        if isinstance(field, models.ForeignKey) and value is not None:
            target = field.related_model._default_manager.filter(pk=value).first()
            return str(target) if target else str(value)
        if isinstance(field, models.ManyToManyField):
            targets = field.related_model._default_manager.filter(pk__in=value or [])
            return [str(each) for each in targets]
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.keep_stored_version(unquote(object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def keep_stored_version(self, pk):
        """Before the first revision of an object made before revisions were kept (or
        by a script), keep the stored version: the first change can be undone too."""
        stored = self.model._default_manager.filter(pk=pk).first()
        if stored is None or Version.objects.get_for_object(stored).exists():
            return
        with create_revision():
            set_comment(_("The version before revisions were kept."))
            add_to_revision(stored)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The revision compared with the current version; a POST restores it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"),
            pk=version_id,
        )
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            self.restore(request, obj, version)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                    current_app=self.admin_site.name,
                )
            )
        old, old_related = version.field_dict, self._related_names(version)
        rows = []
        for field in self.compared_fields():
            key = field.name if field.many_to_many else field.attname
            if key not in old:
                then = _("(not in this revision)")
            else:
                then = as_text(self._display(field, old[key]))
            current = (
                [each.pk for each in getattr(obj, field.name).all()]
                if field.many_to_many
                else getattr(obj, field.attname)
            )
            now = as_text(self._display(field, current))
            rows.append(
                {
                    "label": field.verbose_name,
                    "changed": then != now,
                    "diff": marked_diff(then, now),
                }
            )
        now_related = self._current_related(obj)
        for name in sorted({*old_related, *now_related}):
            then = ", ".join(old_related.get(name, []))
            now = ", ".join(now_related.get(name, []))
            rows.append(
                {"label": name, "changed": then != now, "diff": marked_diff(then, now)}
            )
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare with the version of %(when)s")
            % {
                "when": formats.date_format(
                    timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
                )
            },
            "opts": opts,
            "object": obj,
            "version": version,
            "saved_by": (
                (user.get_full_name() or user.get_username())
                if (user := version.revision.user)
                else "—"
            ),
            "rows": rows,
            "changed": [row for row in rows if row["changed"]],
            "can_restore": self.has_change_permission(request, obj),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            ),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/revision_compare.html", context)

    def restore(self, request, obj, version):
        """Bring back `version` (with what its revision holds: tags, inline rows) as a
        new revision; counters keep their current values, and the object is saved
        through its own save() so derived fields and signals follow."""
        when = formats.date_format(
            timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
        )
        note = _("Restored the version of %(when)s.") % {"when": when}
        with transaction.atomic(), create_revision():
            set_user(request.user)
            kept = {}
            if self.revision_keeps:
                kept = (
                    self.model._default_manager.select_for_update()
                    .filter(pk=obj.pk)
                    .values(*self.revision_keeps)
                    .get()
                )
            version.revision.revert(delete=True)
            restored = self.model._default_manager.get(pk=obj.pk)
            for name, value in kept.items():
                setattr(restored, name, value)
            restored.save()
            self.log_change(request, restored, note)
            set_comment(note)
        messages.success(
            request,
            _("The version of %(when)s is back, as a new revision.") % {"when": when},
        )

    def log_change(self, request, object, message):
        return self._with_note(request, super().log_change(request, object, message))

    def log_addition(self, request, object, message):
        return self._with_note(request, super().log_addition(request, object, message))

    @staticmethod
    def _with_note(request, entry):
        """The editor's note, if any, after the change message in the revision."""
        note = request.POST.get(MESSAGE_FIELD, "").strip()[:300]
        if note:
            set_comment(f"{entry.get_change_message()} — {note}")
        return entry

    def render_change_form(self, request, context, *args, **kwargs):
        context["revision_message_field"] = MESSAGE_FIELD
        return super().render_change_form(request, context, *args, **kwargs)
