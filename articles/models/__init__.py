"""The magazine: categories, authors, articles, their tags, views and likes.

Django finds an app's models in `articles.models`: each is named here from its module.
"""

from .article import Article, TaggedArticle
from .author import AuthorProfile
from .category import Category
from .counts import ArticleDailyView, ArticleLike, PendingView

__all__ = [
    "Article",
    "ArticleDailyView",
    "ArticleLike",
    "AuthorProfile",
    "Category",
    "PendingView",
    "TaggedArticle",
]
