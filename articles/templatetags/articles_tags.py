from urllib.parse import urlencode

from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from agency.core import seo
from agency.core.fragments import kept
from articles import widgets
from articles.renditions import COVER_SIZES

register = template.Library()

CARD_SIZES = "(min-width: 1024px) 280px, (min-width: 640px) 45vw, 92vw"


@register.simple_tag(takes_context=True)
def articles_sidebar(context):
    """The sidebar of article and list pages: tag cloud, New, Services, Hot topics.

    The same HTML on every page that shows it, so it is rendered once and kept (rendering
    was a third of an uncached article page) until content changes (the page cache's
    generation) or five minutes run out (hot topics follow view counts, which change
    without a save).
    """
    return kept(
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
    found = widgets.home_articles(limit)
    widgets.prefetch_cards(found, 3)
    return {**context.flatten(), "home_articles": found}


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


def _reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("includes/seo_feeds.html", takes_context=True)
def article_feed_links(context):
    """Announce the article feeds: the site's, and a category's on its pages."""
    feeds = []
    rss, atom = _reverse("articles:feed_rss"), _reverse("articles:feed_atom")
    site_name = getattr(context.get("site"), "site_name", "")
    if rss:
        feeds.append(("application/rss+xml", site_name, seo.absolute_url(rss)))
    if atom:
        feeds.append(("application/atom+xml", site_name, seo.absolute_url(atom)))
    category = context.get("category")
    if seo.label_of(category) == "articles.category":
        title = f"{site_name}: {category.name}"
        rss = _reverse("articles:category_feed_rss", slug=category.slug)
        atom = _reverse("articles:category_feed_atom", slug=category.slug)
        if rss:
            feeds.append(("application/rss+xml", title, seo.absolute_url(rss)))
        if atom:
            feeds.append(("application/atom+xml", title, seo.absolute_url(atom)))
    return {"feeds": feeds}


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def article_share(context, article):
    """The share bar of an article: poster, WeChat QR, Weibo, LinkedIn, X, copy link."""
    url = seo.absolute_url(article.get_absolute_url())
    title = article.meta_title if hasattr(article, "meta_title") else str(article)
    poster = _reverse("articles:article_poster", slug=article.slug)
    return {
        # An image of its own, loaded only when the WeChat panel opens: the QR's inline
        # SVG was 8 ms to draw and about 10 kB of every article page.
        "qr_url": _reverse("articles:article_qr", slug=article.slug),
        "article": article,
        "share_url": url,
        "share_title": title,
        "poster_url": poster,
        "weibo_url": "https://service.weibo.com/share/share.php?"
        + urlencode({"url": url, "title": title}),
        "linkedin_url": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}),
        "x_url": "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
    }
