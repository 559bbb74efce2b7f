"""RSS and Atom feeds of published articles: the whole magazine, and one category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from agency.core.identity import site_settings
from agency.core.seo import absolute_url, clean_text

from .models import Article, Category


class ArticleFeed(Feed):
    """The latest published articles, newest first (RSS 2.0)."""

    feed_type = Rss201rev2Feed
    feed_url_name = "articles:feed_rss"

    def title(self, obj=None):
        return _("%(site)s: articles") % {"site": site_settings().display_site_name}

    def link(self, obj=None):
        return absolute_url(reverse("articles:article_list"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.feed_url_name))

    def description(self, obj=None):
        site = site_settings()
        return site.default_meta_description or site.tagline

    subtitle = description

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj)
            .select_related("category", "author__author_profile")
            .prefetch_related("tags")
            .defer("body")
            .order_by("-published_at", "-pk")[: settings.AGENCY_FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return clean_text(item.excerpt, 0, markup=True)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return [item.category.display_name, *(tag.name for tag in item.tags.all())]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    feed_url_name = "articles:feed_atom"


class CategoryArticleFeed(ArticleFeed):
    """The latest published articles of one category and its sub-categories."""

    feed_url_name = "articles:category_feed_rss"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return _("%(site)s: %(category)s") % {
            "site": site_settings().display_site_name,
            "category": obj.display_name,
        }

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.feed_url_name, kwargs={"slug": obj.slug}))

    def description(self, obj=None):
        return (
            clean_text(obj.seo_description or obj.description) or super().description()
        )

    subtitle = description

    def articles(self, obj=None):
        child_ids = obj.children.values_list("pk", flat=True)
        return Article.objects.published().in_category(obj, child_ids)


class AtomCategoryArticleFeed(CategoryArticleFeed):
    feed_type = Atom1Feed
    feed_url_name = "articles:category_feed_atom"
