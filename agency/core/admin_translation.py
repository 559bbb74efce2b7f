"""Translations in the admin: which language each piece is in, which lack a
translation, and a translation made in one click (a copy to translate).

`TranslationsAdmin` goes before the admin's other mixins on every admin of a
`Translatable` model (agency.core.translation).
"""

import threading

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "untranslated"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        return [
            (code, _("Not yet in %(language)s") % {"language": names[code]})
            for code, _name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        code = self.value()
        if code not in dict(settings.LANGUAGES):
            return queryset
        translated = queryset.model._default_manager.filter(
            translation_key=OuterRef("translation_key"), language=code
        )
        return queryset.exclude(language=code).exclude(Exists(translated))


class TranslationsAdmin(admin.ModelAdmin):
    """The language column and filters, the translations column, and the view that
    makes a copy to translate."""

    # The list page's translations, per thread (one admin instance serves all).
    _listed = threading.local()

    def get_list_display(self, request):
        """The language and translations beside the item's name (a wide list would
        scroll them out of view at the end)."""
        columns = list(super().get_list_display(request))
        links = self.get_list_display_links(request, columns) or columns[:1]
        at = columns.index(links[0]) + 1 if links[0] in columns else 1
        return [*columns[:at], "language", "translations", *columns[at:]]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "language", MissingTranslationFilter]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "language" in form.base_fields:
            # A post without it (a script's) keeps the piece's language, as a browser,
            # which always sends the select's value, would.
            form.base_fields["language"].required = False
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": list(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        names = [f for _name, options in fieldsets for f in options["fields"]]
        if "language" not in names:
            fieldsets[0][1]["fields"].insert(0, "language")
        return fieldsets

    @admin.display(description=_("translations"))
    def translations(self, obj):
        """Each other language: a link to the translation, or a link to make one."""
        found = self._translation_map(obj)
        cells = []
        for code, _name in settings.LANGUAGES:
            if code == obj.language:
                continue
            name = get_language_info(code)["name_local"]
            row = found.get(code)
            if row is not None:
                url = reverse(self._url_name("change"), args=[row.pk])
                cells.append((url, "translated", name, gettext("edit")))
            else:
                url = reverse(self._url_name("translate"), args=[obj.pk, code])
                cells.append((url, "missing", name, gettext("translate")))
        return format_html_join(
            " ",
            '<a href="{}" class="translation-{}">{}: {}</a>',
            cells,
        )

    def _translation_map(self, obj):
        """{language: row} of obj's translations: from the list page's one query when
        it is on it (get_changelist_instance), else read now."""
        page = getattr(self._listed, "rows", {})
        if obj.translation_key not in page:
            return obj.translations()
        return {
            code: row
            for code, row in page[obj.translation_key].items()
            if row.pk != obj.pk
        }

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        keys = {obj.translation_key for obj in changelist.result_list}
        rows = {}
        for row in self.model._default_manager.filter(translation_key__in=keys).only(
            "pk", "language", "translation_key"
        ):
            rows.setdefault(row.translation_key, {})[row.language] = row
        self._listed.rows = rows
        return changelist

    def _url_name(self, view):
        meta = self.model._meta
        return f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_{view}"

    def get_urls(self):
        meta = self.model._meta
        translate = path(
            "<path:object_id>/translate/<str:language>/",
            self.admin_site.admin_view(self.translate_view),
            name=f"{meta.app_label}_{meta.model_name}_translate",
        )
        return [translate, *super().get_urls()]

    def translate_view(self, request, object_id, language):
        """GET: what will happen; POST: make the copy to translate (unpublished, in
        `language`, the same piece) and open it."""
        if language not in dict(settings.LANGUAGES):
            raise Http404
        original = self.get_object(request, object_id)
        if original is None:
            raise Http404
        if not (
            self.has_add_permission(request)
            and self.has_view_or_change_permission(request, original)
        ):
            raise PermissionDenied
        existing = original.translations().get(language)
        if existing is not None or language == original.language:
            target = existing or original
            return HttpResponseRedirect(
                reverse(self._url_name("change"), args=[target.pk])
            )
        names = dict(settings.LANGUAGES)
        if request.method == "POST":
            copy = original.copy_for_translation(language)
            self.log_addition(
                request,
                copy,
                [{"added": {}}],
            )
            messages.success(
                request,
                _(
                    "A copy of “%(original)s” in %(language)s was made, unpublished: "
                    "translate it, then publish it."
                )
                % {"original": original, "language": names[language]},
            )
            return HttpResponseRedirect(
                reverse(self._url_name("change"), args=[copy.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translate into %(language)s") % {"language": names[language]},
            "original": original,
            "language_name": names[language],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/translate_confirmation.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["translation_links"] = self.translations(obj)
        return super().change_view(request, object_id, form_url, extra_context)
