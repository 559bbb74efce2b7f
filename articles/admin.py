from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from agency.core.admin_base import (
    SEO_FIELDSET,
    KeepStoredPrecisionMixin,
    NoSilentOverwriteMixin,
    new_tab_link,
)
from agency.core.admin_translation import TranslationsAdmin
from agency.core.revisions import RevisionsAdmin
from agency.core.trash import TrashAdmin

from .models import Article, AuthorProfile, Category

# taggit's own admin merges tags through its generic TaggedItem only, so a "merge"
# left every article on the old tag while saying "Tags have been merged", and its merge
# page asked for staff status only; its inline edited raw content-type ids.
admin.site.unregister(Tag)


class ArticleTotalAdmin(NoSilentOverwriteMixin, RevisionsAdmin):
    """An admin whose list shows, and sorts by, how many articles each row has."""

    # The lookup from a row to its articles.
    articles_lookup = "articles"

    def get_queryset(self, request):
        articles = Count(self.articles_lookup)
        return super().get_queryset(request).annotate(article_total=articles)

    @admin.display(description=_("articles"), ordering="article_total")
    def article_total(self, obj):
        return obj.article_total


@admin.register(Tag)
class TagAdmin(ArticleTotalAdmin):
    list_display = ["name", "slug", "article_total"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    articles_lookup = "articles_taggedarticle_items"


@admin.register(Category)
class CategoryAdmin(ArticleTotalAdmin):
    list_display = ["name", "parent", "order", "slug", "article_total"]
    list_editable = ["order"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent", "order", "description"]}),
        SEO_FIELDSET,
        (
            _("Chinese site (empty: the English is shown)"),
            {
                "fields": [
                    "name_zh_hans",
                    "description_zh_hans",
                    "seo_title_zh_hans",
                    "seo_description_zh_hans",
                ]
            },
        ),
    ]
    # Meta.ordering does not apply to a GROUP BY query (the article totals), so the
    # autocomplete pages need the admin's own.
    ordering = ["order", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(AuthorProfile)
class AuthorProfileAdmin(NoSilentOverwriteMixin, RevisionsAdmin):
    list_display = ["display_name", "user", "slug"]
    search_fields = ["display_name", "user__username", "user__email"]
    prepopulated_fields = {"slug": ["display_name"]}
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Article)
class ArticleAdmin(
    TranslationsAdmin,
    TrashAdmin,
    NoSilentOverwriteMixin,
    KeepStoredPrecisionMixin,
    RevisionsAdmin,
):
    # Counters write views and likes; the search vector is made from the text.
    revision_keeps = ("view_count", "like_count")
    revision_derived = ("search_document",)
    revision_follow = ("tagged_items",)

    list_display = [
        "title",
        "status_label",
        "category",
        "author_label",
        "published_at",
        "view_count",
        "like_count",
        "featured",
        "preview_link",
    ]
    list_filter = ["status", "featured", "category", "author", "published_at"]
    list_select_related = [
        "category",
        "category__parent",
        "author",
        "author__author_profile",
    ]
    search_fields = ["title", "slug", "excerpt", "tags__name"]
    date_hierarchy = "published_at"
    ordering = ["-published_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["view_count", "like_count", "created_at", "updated_at"]
    autocomplete_fields = ["category"]
    list_per_page = 50
    actions = ["publish_now", "make_draft"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "category",
                    "tags",
                    "cover",
                    "excerpt",
                    "body",
                ]
            },
        ),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "author", "featured"]},
        ),
        (
            _("Search engines"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (
            _("Figures"),
            {"fields": ["view_count", "like_count", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    class Media:
        js = ["js/admin_tags.js"]

    def get_urls(self):
        suggest = path(
            "tags/suggest/",
            self.admin_site.admin_view(self.suggest_tags),
            name="articles_article_suggest_tags",
        )
        return [suggest, *super().get_urls()]

    def suggest_tags(self, request):
        """Existing tags for the tag box: those starting with what is typed first,
        then those containing it; the most used first within each."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        typed = request.GET.get("q", "").strip()[:100]
        if not typed:
            return JsonResponse({"tags": []})
        tags = Tag.objects.annotate(uses=Count("articles_taggedarticle_items"))
        starting = list(
            tags.filter(name__istartswith=typed)
            .order_by("-uses", "name")
            .values_list("name", flat=True)[:10]
        )
        containing = list(
            tags.filter(name__icontains=typed)
            .exclude(name__istartswith=typed)
            .order_by("-uses", "name")
            .values_list("name", flat=True)[: 10 - len(starting)]
        )
        return JsonResponse({"tags": starting + containing})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            # Published addresses are kept: links to them must keep working.
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live else obj.get_preview_url()

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.in_trash:
            return _("In the trash")
        if obj.is_scheduled:
            return _("Scheduled")
        return obj.get_status_display()

    @admin.display(description=_("author"), ordering="author__username")
    def author_label(self, obj):
        return obj.author_name

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return new_tab_link(obj.get_preview_url(), _("Preview"))

    @admin.action(
        description=_("Publish the selected articles now"), permissions=["change"]
    )
    def publish_now(self, request, queryset):
        # One by one through save(): caches and search documents follow each change.
        now = timezone.now()
        changed = 0
        for article in queryset.exclude(
            status=Article.Status.PUBLISHED, published_at__lte=now
        ):
            article.status = Article.Status.PUBLISHED
            article.published_at = now
            article.save()
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article published.", "%(count)d articles published.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Move the selected articles back to drafts"),
        permissions=["change"],
    )
    def make_draft(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article moved to drafts.",
                "%(count)d articles moved to drafts.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
