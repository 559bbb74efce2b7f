from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.admin_base import SEO_FIELDSET, NoSilentOverwriteMixin
from agency.core.admin_translation import TranslationsAdmin
from agency.core.revisions import RevisionsAdmin
from agency.core.trash import TrashAdmin
from agency.site.models import MenuItem, Page, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(NoSilentOverwriteMixin, RevisionsAdmin):
    # A social link typed as "weibo.com/..." becomes https://, not http://.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "site_name",
                    "tagline",
                    "logo",
                    "footer_blurb",
                    "founded_year",
                    "icp_licence",
                ]
            },
        ),
        (_("Contact lines"), {"fields": ["hotline", "mobile", "email", "address"]}),
        (
            _("Home page blocks"),
            {"classes": ["collapse"], "fields": ["home_blocks", "home_blocks_zh_hans"]},
        ),
        (
            _("Social"),
            {
                "fields": [
                    "wechat_id",
                    "wechat_qr",
                    "weibo_url",
                    "linkedin_url",
                    "x_url",
                    "facebook_url",
                ]
            },
        ),
        (
            _("Search and sharing"),
            {"fields": ["default_meta_description", "default_share_image"]},
        ),
        (
            _("Chinese site (empty: the English is shown)"),
            {
                "fields": [
                    "site_name_zh_hans",
                    "tagline_zh_hans",
                    "footer_blurb_zh_hans",
                    "address_zh_hans",
                    "default_meta_description_zh_hans",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One record only: go straight to it.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = SiteSettings.load()
        return redirect(reverse("admin:agency_sitesettings_change", args=[obj.pk]))


@admin.register(Page)
class PageAdmin(TranslationsAdmin, TrashAdmin, NoSilentOverwriteMixin, RevisionsAdmin):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "published"]}),
        SEO_FIELDSET,
    ]
    actions_on_bottom = False
    view_on_site = True


class MenuChildInline(admin.StackedInline):
    """Sub-items stacked, each target a row of its own: as a table, six target boxes
    side by side made the form 2,700 px wide; stacked it fits a 1280 px screen."""

    model = MenuItem
    fk_name = "parent"
    extra = 0
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")
    autocomplete_fields = MenuItem.TARGET_FOREIGN_KEYS

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": [("label", "label_zh_hans", "order", "new_tab")]}),
            (
                _("Target: choose one"),
                {"fields": [*MenuItem.TARGET_FOREIGN_KEYS, "section", "url"]},
            ),
        ]


@admin.register(MenuItem)
class MenuItemAdmin(NoSilentOverwriteMixin, RevisionsAdmin):
    list_display = ["label", "order", "target_display", "new_tab"]
    list_editable = ["order"]
    inlines = [MenuChildInline]
    search_fields = ["label"]
    autocomplete_fields = MenuItem.TARGET_FOREIGN_KEYS

    def get_queryset(self, request):
        # The list shows the top level; sub-items are edited inline under their parent.
        qs = super().get_queryset(request).select_related(*MenuItem.TARGET_FOREIGN_KEYS)
        if request.resolver_match and request.resolver_match.url_name.endswith(
            "changelist"
        ):
            qs = qs.filter(parent__isnull=True)
        return qs

    def get_inlines(self, request, obj):
        # A sub-item has no sub-items of its own (agency.core.trees).
        if obj is not None and obj.parent_id:
            return []
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        return [
            (
                None,
                {"fields": ["label", "label_zh_hans", "parent", "order", "new_tab"]},
            ),
            (
                _("Target: choose one"),
                {
                    "fields": [*MenuItem.TARGET_FOREIGN_KEYS, "section", "url"],
                    "description": _(
                        "An internal target keeps working when its address changes."
                    ),
                },
            ),
        ]

    @admin.display(description=_("target"))
    def target_display(self, obj):
        return obj.get_url() or _("(not shown: target missing or unpublished)")
