from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_base import KeepStoredPrecisionMixin
from .admin_login import LockoutAuthenticationForm
from .models import MenuItem, Page, SiteSettings

admin.site.site_header = _("Agency administration")
admin.site.site_title = _("Agency admin")
admin.site.index_title = _("Content, leads and settings")
admin.site.login_form = LockoutAuthenticationForm


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for staff who may see the object here.

    Django's own answers any staff user with the object's public address: a draft's
    slug for a salesperson. Everyone else gets the same 404 as for a missing object.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    obj = model_admin and model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(KeepStoredPrecisionMixin, UserAdmin):
    """Django's user admin; saving a user unchanged keeps their sign-in times."""


class SignInAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes reads the time from an attribute only its sign-in path sets:
        # without it its own action answered 500.
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, SignInAttemptAdmin)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
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
                ]
            },
        ),
        (_("Contact lines"), {"fields": ["hotline", "mobile", "email", "address"]}),
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
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "published"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"]}),
    ]
    actions_on_bottom = False
    view_on_site = True


class MenuChildInline(admin.TabularInline):
    model = MenuItem
    fk_name = "parent"
    extra = 0
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")
    autocomplete_fields = MenuItem.TARGET_FOREIGN_KEYS

    def get_fields(self, request, obj=None):
        return [
            "label",
            "order",
            *MenuItem.TARGET_FOREIGN_KEYS,
            "section",
            "url",
            "new_tab",
        ]


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
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

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["label", "parent", "order", "new_tab"]}),
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
