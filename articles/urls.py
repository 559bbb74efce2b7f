from django.urls import path, register_converter

from . import feeds, poster, views, visitor_views


class UnicodeSlugConverter:
    """Slugs with letters of any script: Chinese titles keep readable addresses."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("feed/", feeds.ArticleFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path(
        "articles/category/<uslug:slug>/feed/",
        feeds.CategoryArticleFeed(),
        name="category_feed_rss",
    ),
    path(
        "articles/category/<uslug:slug>/feed/atom/",
        feeds.AtomCategoryArticleFeed(),
        name="category_feed_atom",
    ),
    path(
        "articles/category/<uslug:slug>/",
        views.CategoryArticleListView.as_view(),
        name="category",
    ),
    path("articles/tag/<uslug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path(
        "articles/author/<uslug:slug>/",
        views.AuthorArticleListView.as_view(),
        name="author",
    ),
    path(
        "articles/preview/<int:pk>/",
        views.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
    path(
        "articles/<uslug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path(
        "articles/<uslug:slug>/poster.png", poster.article_poster, name="article_poster"
    ),
    path("articles/<uslug:slug>/qr.svg", poster.article_qr, name="article_qr"),
    path("articles/<uslug:slug>/card.png", poster.article_card, name="article_card"),
    path(
        "articles/<uslug:slug>/view/",
        visitor_views.article_beacon,
        name="article_beacon",
    ),
    path(
        "articles/<uslug:slug>/like/", visitor_views.article_like, name="article_like"
    ),
    path("search/", views.SearchView.as_view(), name="search"),
]
