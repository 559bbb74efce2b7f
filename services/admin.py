from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from agency.core.admin_base import SEO_FIELDSET, NoSilentOverwriteMixin, new_tab_link
from agency.core.admin_translation import TranslationsAdmin
from agency.core.revisions import RevisionsAdmin
from agency.core.trash import TrashAdmin

from .models import (
    CaseStudy,
    CaseStudyImage,
    CaseStudyResult,
    Industry,
    Service,
    Solution,
)
from .ordering import item_move


def thumbnail(image, size=60):
    if not image:
        return "—"
    return format_html('<img src="{}" alt="" width="{}">', image.url, size)


class OrderableAdmin(NoSilentOverwriteMixin, RevisionsAdmin):
    """Up and down buttons in the list instead of order numbers to type.

    The buttons submit the changelist form (and so its CSRF token) to a move URL.
    """

    actions = ["move_to_top", "move_to_bottom"]

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/move/<str:direction>/",
                self.admin_site.admin_view(self.move_view),
                name=f"{opts.app_label}_{opts.model_name}_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, direction):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if direction not in ("up", "down"):
            return HttpResponseNotAllowed(["POST"])
        item_move(item=obj, direction=direction)
        return HttpResponseRedirect(self._back_url(request))

    def _back_url(self, request):
        opts = self.model._meta
        back = request.GET.get("next") or request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Short texts get short boxes; the long ones keep the default.
        if db_field.name in ("summary", "seo_description"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 80})
        elif db_field.name in ("seo_title", "title"):
            kwargs["widget"] = forms.TextInput(attrs={"class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_list_display(self, request):
        # The buttons come back to this very list, with its filters and page.
        back = request.get_full_path()

        def move_buttons(obj):
            return self.move_buttons(obj, back=back)

        move_buttons.short_description = _("move")
        can_move = self.has_change_permission(request)
        return [
            move_buttons if name == "move_buttons" else name
            for name in super().get_list_display(request)
            if can_move or name != "move_buttons"
        ]

    @admin.display(description=_("move"))
    def move_buttons(self, obj, back=""):
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_move"
        query = f"?{urlencode({'next': back})}" if back else ""
        return format_html_join(
            " ",
            '<button type="submit" formaction="{}{}" formmethod="post" '
            'class="button" title="{}" aria-label="{}: {}">{}</button>',
            (
                (reverse(name, args=[obj.pk, direction]), query, label, label, obj, sym)
                for direction, label, sym in (
                    ("up", _("Move up"), "↑"),
                    ("down", _("Move down"), "↓"),
                )
            ),
        )

    @admin.action(description=_("Move selected to the top"), permissions=["change"])
    def move_to_top(self, request, queryset):
        for obj in reversed(list(queryset.order_by(*self.model._meta.ordering))):
            item_move(item=obj, direction="top")
        self.message_user(request, _("Moved to the top."), messages.SUCCESS)

    @admin.action(description=_("Move selected to the bottom"), permissions=["change"])
    def move_to_bottom(self, request, queryset):
        for obj in queryset.order_by(*self.model._meta.ordering):
            item_move(item=obj, direction="bottom")
        self.message_user(request, _("Moved to the bottom."), messages.SUCCESS)

    @admin.display(description=_("on the site"))
    def site_link(self, obj):
        label = _("View") if getattr(obj, "published", True) else _("Preview")
        return new_tab_link(obj.get_absolute_url(), label)


class LevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("top", _("Top-level services")), ("sub", _("Sub-services"))]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


class ServiceChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        # The annotations of ServiceAdmin.get_queryset: the tree, in the editors' order.
        return ["group_order", "group_id", "level", "order", "name", "pk"]


class SubServiceInline(admin.TabularInline):
    model = Service
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "price_note", "published", "featured"]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True
    verbose_name = _("sub-service")
    verbose_name_plural = _("sub-services")


@admin.register(Service)
class ServiceAdmin(TranslationsAdmin, TrashAdmin, OrderableAdmin):
    list_display = [
        "image_preview",
        "tree_name",
        "price_note",
        "published",
        "featured",
        "move_buttons",
        "site_link",
    ]
    list_display_links = ["tree_name"]
    list_filter = ["published", "featured", LevelFilter]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [SubServiceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "parent",
                    "image",
                    "summary",
                    "body",
                    "blocks",
                    ("published", "featured"),
                ]
            },
        ),
        (
            _("Offer"),
            {"fields": ["deliverables", "steps", "price_note"]},
        ),
        (
            _("Related articles"),
            {"fields": ["tags"]},
        ),
        SEO_FIELDSET,
    ]

    def get_queryset(self, request):
        # Tree order: each top-level service followed by its sub-services.
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(
                group_order=Coalesce(F("parent__order"), F("order")),
                group_id=Coalesce(F("parent_id"), F("id")),
                level=Case(
                    When(parent__isnull=True, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
            )
        )

    def get_changelist(self, request, **kwargs):
        return ServiceChangeList

    def get_inlines(self, request, obj):
        if obj is not None and obj.parent_id:
            return []
        return self.inlines

    @admin.display(description=_("image"))
    def image_preview(self, obj):
        return thumbnail(obj.image)

    @admin.display(description=_("name"))
    def tree_name(self, obj):
        if obj.parent_id:
            return format_html("&nbsp;&nbsp;&nbsp;↳ {}", obj.name)
        return obj.name


@admin.register(Industry)
class IndustryAdmin(OrderableAdmin):
    list_display = ["name", "slug", "move_buttons"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_zh_hans", "slug"]


class CaseStudyResultInline(admin.TabularInline):
    model = CaseStudyResult
    extra = 1
    fields = ["value", "label", "order"]


class CaseStudyImageInline(admin.TabularInline):
    model = CaseStudyImage
    extra = 1
    fields = ["image_preview", "image", "caption", "order"]
    readonly_fields = ["image_preview"]

    @admin.display(description=_("preview"))
    def image_preview(self, obj):
        return thumbnail(obj.image, size=120) if obj.pk else "—"


@admin.register(CaseStudy)
class CaseStudyAdmin(TranslationsAdmin, TrashAdmin, OrderableAdmin):
    list_display = [
        "cover_preview",
        "title",
        "client_name",
        "industry",
        "published",
        "featured",
        "move_buttons",
        "site_link",
    ]
    list_display_links = ["title"]
    list_filter = ["published", "featured", "industry", "services"]
    list_select_related = ["industry"]
    search_fields = ["title", "client_name", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["industry", "services"]
    inlines = [CaseStudyResultInline, CaseStudyImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "cover"]}),
        (_("Client"), {"fields": ["client_name", "client_logo", "industry"]}),
        (None, {"fields": ["services", ("published", "featured")]}),
        SEO_FIELDSET,
    ]

    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        return thumbnail(obj.cover)


@admin.register(Solution)
class SolutionAdmin(TranslationsAdmin, TrashAdmin, OrderableAdmin):
    list_display = [
        "cover_preview",
        "title",
        "industry",
        "published",
        "move_buttons",
        "site_link",
    ]
    list_display_links = ["title"]
    list_filter = ["published", "industry"]
    list_select_related = ["industry"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["industry", "services", "case_studies"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "industry", "summary", "body", "cover"]}),
        (None, {"fields": ["services", "case_studies", "published"]}),
        SEO_FIELDSET,
    ]

    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        return thumbnail(obj.cover)


# Campaign landing pages: their admin lives beside their models.
from .landing.admin import LandingPageAdmin  # noqa: E402, F401
