from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from taggit.models import Tag

        from agency.core import jsonld, seo
        from agency.core.pagecache import expires_within, invalidate_pages_on

        from . import jsonld as article_jsonld
        from .models import Article, AuthorProfile, Category, TaggedArticle
        from .scheduling import seconds_until_next_publication

        # Cached pages and everything kept with them (widgets, the sidebar, counts)
        # show articles everywhere (home, lists, sidebars): retire them when one
        # changes. View and like counts change by UPDATE, without signals, so they
        # never flush the cache; the beacon shows the fresh figures.
        invalidate_pages_on(Article, Category, AuthorProfile, Tag, TaggedArticle)
        # Nothing cached outlives the moment the next scheduled article goes live.
        expires_within(seconds_until_next_publication)
        seo.register(
            "articles.article", og_type="article", card_route="articles:article_card"
        )
        jsonld.describe("articles.article", article_jsonld.article)
