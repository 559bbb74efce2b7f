from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from taggit.models import Tag

        from agency.pagecache import invalidate_pages_on

        from .models import Article, AuthorProfile, Category
        from .widgets import connect_invalidation

        connect_invalidation()
        # Cached pages show articles everywhere (home, lists, sidebars): retire them
        # when one changes. View and like counts change by UPDATE, without signals, so
        # they never flush the cache; the beacon shows the fresh figures.
        invalidate_pages_on(Article, Category, AuthorProfile, Tag)
