"""The article: its text and what is derived from it, its queryset, its tags."""

import re
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from agency.core.fields import RichTextField
from agency.core.models import (
    Timestamped,
    image_field,
    seo_description_field,
    seo_title_field,
)
from agency.core.publishing import PublishedQuerySet
from agency.core.translation import Translatable, url_in
from agency.core.trash import Trashable

from ..renditions import (
    COVER_SIZES,
    cover_source_changed,
    make_cover_renditions,
)
from ..search import PostgresOnlyGinIndex, document
from .author import AuthorProfile
from .category import Category
from .slugs import slug_field, unique_slug

EXCERPT_LENGTH = 160

# What no card or list shows, each as long as the article's text.
HEAVY_FIELDS = ("body", "search_document")


_BLOCK_END = re.compile(
    r"(</(?:p|div|h[1-6]|li|blockquote|pre|td|th|figcaption)>|<br\s*/?>)"
)


def html_to_text(html):
    """Return the text of rich-text HTML: blocks kept apart, entities decoded."""
    spaced = _BLOCK_END.sub(r"\1 ", html or "")
    return " ".join(unescape(strip_tags(spaced)).split())


def search_vector(article=None):
    """The weighted document full-text search ranks: title, then excerpt, then body.

    Stored in `Article.search_document` on every save (PostgreSQL only), so ranking
    reads it instead of parsing every matching body again. Made in Python from
    `article`, Chinese cut into words and character pairs (articles.search.document);
    without one, in SQL from each row's own fields: for bulk loads of English only
    (the bench data), since SQL cannot cut Chinese (`manage.py search_reindex` can).
    """
    if article is not None:
        return document(article)
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("excerpt", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


class ArticleQuerySet(PublishedQuerySet):
    def in_category(self, category, child_ids=()):
        """Return the articles of `category` and of its sub-categories."""
        return self.filter(category_id__in=[category.pk, *child_ids])

    def popular(self, days=30, limit=None):
        """Return the articles most viewed in the last `days` days, most viewed first
        (then newest); with `limit`, only the first `limit`.

        With a limit, the window's views are summed per article id first (narrow rows,
        ranked the same way) and only those articles are read: summed along with each
        article's whole row, the window of 100k articles (11k daily rows) took about
        20 ms on the first render of every page after a save."""
        since = timezone.localdate() - timedelta(days=days - 1)
        popular = self
        if limit is not None:
            daily = self.model._meta.get_field("daily_views").related_model
            first = (
                daily.objects.filter(day__gte=since, article__in=self.values("pk"))
                .values("article")
                .annotate(recent_views=Sum("views"))
                .order_by("-recent_views", "-article__published_at", "-article")
                .values("article")[:limit]
            )
            popular = self.filter(pk__in=first)
        return (
            popular.filter(daily_views__day__gte=since)
            .annotate(recent_views=Sum("daily_views__views"))
            .order_by("-recent_views", "-published_at", "-pk")
        )

    def most_viewed(self):
        return self.order_by("-view_count", "-published_at", "-pk")

    def for_cards(self):
        """Select what an article card shows, and skip the heavy body and its search
        vector (as long as the body again)."""
        return self.select_related("category").defer(*HEAVY_FIELDS)


class Article(Translatable, Trashable, Timestamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = slug_field(
        _(
            "The article's address; made from the title when left empty. It cannot "
            "change once the article is published, so links to it keep working."
        )
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"is_staff": True},
        # Covered by article_author_pub_idx, which starts with it.
        db_index=False,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
        # Covered by article_category_pub_idx, which starts with it.
        db_index=False,
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        through="TaggedArticle",
        blank=True,
        help_text=_("Separate tags with commas."),
    )
    cover = image_field(
        _("cover image"),
        "articles/covers/%Y/%m/",
        width_field="cover_width",
        height_field="cover_height",
        help_text=_("JPEG, PNG or WebP, 16:9 looks best (at least 1200 x 675)."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Resized copies of the cover made on save: {"source": name, "400": {...}, ...}.
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    # The weighted full-text document (search_vector()), kept up to date by save().
    search_document = SearchVectorField(null=True, editable=False)
    excerpt = models.TextField(
        _("excerpt"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown in lists and search results; made from the body when empty."
        ),
    )
    body = RichTextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published"),
        default=timezone.now,
        help_text=_("A time in the future schedules the article: it appears then."),
    )
    seo_title = seo_title_field()
    seo_description = seo_description_field()
    featured = models.BooleanField(_("featured"), default=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    # Where the language switcher goes from an article with no translation.
    detail_route = "articles:article_detail"
    translation_section = "articles:article_list"
    # A translation counts its own views and likes, and gets its own search document.
    translation_skip_fields = (
        "view_count",
        "like_count",
        "search_document",
        "featured",
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        constraints = [Translatable.one_per_language("article_one_per_language")]
        indexes = [
            # The lists: published ones, newest first (all, by category, by author).
            # With trashed_at, a list's count (all the published articles of a
            # language) is read from the index alone: at 100k articles a scan of the
            # whole table took 150 ms on the first render of the list after each save,
            # 18 ms so.
            models.Index(
                fields=["language", "status", "-published_at"],
                include=["trashed_at"],
                name="article_lang_pub_idx",
            ),
            models.Index(
                fields=["category", "status", "-published_at"],
                name="article_category_pub_idx",
            ),
            models.Index(
                fields=["author", "status", "-published_at"],
                name="article_author_pub_idx",
            ),
            # The home page's articles: featured ones first, then the newest (read
            # in index order, not by sorting every published article).
            models.Index(
                fields=["language", "status", "-featured", "-published_at"],
                name="article_lang_featured_idx",
            ),
            # Hot topics' all-time fallback.
            models.Index(fields=["-view_count"], name="article_views_idx"),
            # Full-text search (PostgreSQL only; SQLite searches by containment).
            PostgresOnlyGinIndex(
                fields=["search_document"], name="article_search_doc_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_slug = self.__dict__.get("slug")
        self._loaded_status = self.__dict__.get("status")

    def cover_size_keep(self):
        """Store the cover's size with it. Django measures a cover given as a file
        (`cover.save(name, content)`) before it can read it, and leaves the size empty;
        then every load of the article opened the picture to measure it again."""
        if self.cover and not (self.cover_width and self.cover_height):
            self.cover.__dict__.pop("_dimensions_cache", None)
            self.cover_width, self.cover_height = self.cover.width, self.cover.height

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        if not self.excerpt.strip():
            self.excerpt = Truncator(html_to_text(self.body)).chars(EXCERPT_LENGTH)
        self.cover_size_keep()
        super().save(*args, **kwargs)
        self._loaded_slug, self._loaded_status = self.slug, self.status
        derived = {}
        if cover_source_changed(self.cover, self.cover_renditions):
            self.cover_renditions = derived["cover_renditions"] = make_cover_renditions(
                self.cover
            )
        if connection.vendor == "postgresql":
            derived["search_document"] = search_vector(self)
        if derived:
            Article.objects.filter(pk=self.pk).update(**derived)

    def unpublish_for_translation(self):
        self.status = self.Status.DRAFT
        self.published_at = timezone.now()

    @classmethod
    def published_q(cls, at=None):
        """The articles visitors may see at `at` (now unless told): published, and not
        scheduled after it."""
        return Q(status=cls.Status.PUBLISHED, published_at__lte=at or timezone.now())

    @property
    def is_live(self):
        return (
            not self.in_trash
            and self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published, with a time still to come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def clean(self):
        was_published = self.pk and self._loaded_status == self.Status.PUBLISHED
        if was_published and self._loaded_slug and self.slug != self._loaded_slug:
            raise ValidationError(
                {
                    "slug": _(
                        "This article is published: its address cannot change, or "
                        "links to it would break."
                    )
                }
            )

    def get_preview_url(self):
        return url_in(self.language, "articles:article_preview", pk=self.pk)

    @cached_property
    def tag_list(self):
        """The article's tags in the order they were given, read once (the article
        page's read fills it in with the article: `articles.selectors.article_for_page`)."""
        return list(self.tags.order_by(TAG_ORDER))

    @property
    def author_profile(self):
        try:
            return self.author.author_profile
        except AuthorProfile.DoesNotExist:
            return None

    @property
    def author_name(self):
        profile = self.author_profile
        if profile:
            return profile.display_name
        return self.author.get_full_name() or self.author.get_username()

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.excerpt

    def cover_rendition(self, width):
        """Return {"jpeg", "webp", "width", "height"} for a size in COVER_SIZES."""
        return self.cover_renditions.get(str(width))

    def cover_srcset(self, fmt):
        return ", ".join(
            f"{settings.MEDIA_URL}{r[fmt]} {r['width']}w"
            for size in COVER_SIZES
            if (r := self.cover_rendition(size))
        )


# Tags in the order an editor gave them.
TAG_ORDER = "articles_taggedarticle_items__id"


class TaggedArticle(TaggedItemBase):
    """An article's tag, with a real foreign key so tag queries join on integers."""

    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            )
        ]
        # The articles with some tags, newest first, from the index alone (related
        # reading: articles.selectors.article_around).
        indexes = [
            models.Index(fields=["tag", "content_object"], name="tagged_tag_obj")
        ]
