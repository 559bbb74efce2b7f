from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from agency.fragments import cached_html
from articles import widgets
from articles.renditions import COVER_SIZES

register = template.Library()

CARD_SIZES = "(min-width: 1024px) 280px, (min-width: 640px) 45vw, 92vw"


@register.simple_tag(takes_context=True)
def articles_sidebar(context):
    """The sidebar of article and list pages: tag cloud, New, Services, Hot topics.

    The same HTML on every page that shows it, so it is rendered once and kept (rendering
    was a third of an uncached article page) until content changes (the page cache's
    generation) or its data's five minutes run out, as the data itself.
    """
    return cached_html(
        "sidebar",
        lambda: render_to_string(
            "articles/includes/sidebar.html",
            {**context.flatten(), **widgets.sidebar_data()},
        ),
        timeout=widgets.CACHE_SECONDS,
    )


@register.inclusion_tag(
    "articles/includes/home_articles_block.html", takes_context=True
)
def home_articles(context, limit=3):
    """The home page's latest articles; nothing at all when there are none."""
    return {**context.flatten(), "home_articles": widgets.home_articles(limit)}


@register.inclusion_tag("articles/includes/cover.html")
def article_cover(article, sizes=CARD_SIZES, eager=False, largest=800):
    """A responsive <picture> of the article's cover (WebP with a JPEG fallback)."""
    renditions = [
        r
        for size in COVER_SIZES
        if size <= largest and (r := article.cover_rendition(size))
    ]
    picture = None
    if renditions:
        default = renditions[-1]
        picture = {
            "src": default_storage.url(default["jpeg"]),
            "width": default["width"],
            "height": default["height"],
            "webp": ", ".join(
                f"{default_storage.url(r['webp'])} {r['width']}w" for r in renditions
            ),
            "jpeg": ", ".join(
                f"{default_storage.url(r['jpeg'])} {r['width']}w" for r in renditions
            ),
        }
    elif article.cover:
        picture = {
            "src": article.cover.url,
            "width": article.cover_width,
            "height": article.cover_height,
        }
    return {"picture": picture, "sizes": sizes, "eager": eager, "article": article}
