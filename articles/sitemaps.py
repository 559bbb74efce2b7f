"""Published articles, the categories that show some, and the tags in use."""

from django.conf import settings
from django.db.models import Max

from agency.core.sitemaps import SiteSitemap, TranslatedSitemap
from agency.core.translation import url_in

from .models import Article, Category, TaggedArticle


class ArticleSitemap(TranslatedSitemap):
    model = Article
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return (
            super()
            .items()
            .only("slug", "updated_at", "language", "translation_key")
            .order_by("pk")
        )


class CategorySitemap(SiteSitemap):
    """Categories with published articles, dated by their latest article's edit.

    A parent's page lists its sub-categories' articles too, so it is dated by them.
    """

    changefreq = "daily"

    def items(self):
        """(category, language) for each language it has published articles in."""
        self.languages_of = {}
        items = []
        for code, _name in settings.LANGUAGES:
            for category in self.categories_in(code):
                items.append((category, code))
                self.languages_of.setdefault(category.pk, []).append(code)
        return items

    def item_alternates(self, items):
        return [
            {
                code: url_in(code, "articles:category", slug=category.slug)
                for code in self.languages_of.get(category.pk, [])
            }
            for category, _language in items
        ]

    def location(self, item):
        category, language = item
        return url_in(language, "articles:category", slug=category.slug)

    def lastmod(self, item):
        return item[0].updated_at

    def categories_in(self, language):
        latest = dict(
            Article.objects.published(language=language)
            .order_by()
            .values("category_id")
            .annotate(latest=Max("updated_at"))
            .values_list("category_id", "latest")
        )
        categories = list(Category.objects.order_by("pk"))
        dated = {}
        for category in categories:
            own = latest.get(category.pk)
            if own is None:
                continue
            for pk in (category.pk, category.parent_id):
                if pk is not None and (pk not in dated or dated[pk] < own):
                    dated[pk] = own
        for category in categories:
            category.updated_at = dated.get(category.pk)
        return [category for category in categories if category.updated_at]


class TagSitemap(SiteSitemap):
    """Tags of published articles, dated by their latest article's edit."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        """The tags of each language's published articles (tags are per language)."""
        return [
            {**row, "language": code}
            for code, _name in settings.LANGUAGES
            for row in TaggedArticle.objects.filter(
                content_object__in=Article.objects.published(language=code)
            )
            .order_by()
            .values("tag__slug")
            .annotate(updated_at=Max("content_object__updated_at"))
            .order_by("tag__slug")
        ]

    def location(self, item):
        return url_in(item["language"], "articles:tag", slug=item["tag__slug"])
