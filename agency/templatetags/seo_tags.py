"""Head tags for robots and share previews, and the share widgets of an article.

base.html calls `{% seo_meta as seo %}` once; its blocks then read `seo.title`,
`seo.description`, `seo.canonical`, `seo.image`... (see agency.seo.page_meta for where
each comes from).
"""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from agency import jsonld, seo

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_meta(context):
    """Return the page's PageMeta: `{% seo_meta as seo %}`."""
    return seo.page_meta(context)


@register.simple_tag(takes_context=True)
def seo_json_ld(context, home=False):
    """Render the page's JSON-LD script elements (Organization too when `home`)."""
    meta = context.get("seo") or seo.page_meta(context)
    return mark_safe(  # noqa: S308 - each block is escaped by json_ld_script
        "\n".join(
            jsonld.json_ld_script(data)
            for data in jsonld.page_json_ld(context, meta, home=home)
        )
    )


@register.simple_tag
def site_url():
    """Return the public base URL, without a trailing slash."""
    return seo.site_url()


@register.filter
def absolute(url):
    """Make a path absolute on the public base URL: `{{ obj.get_absolute_url|absolute }}`."""
    return seo.absolute_url(url)


def _reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("includes/seo_feeds.html", takes_context=True)
def seo_feed_links(context):
    """Announce the article feeds: the site's, and a category's on its pages."""
    feeds = []
    rss, atom = _reverse("feed_rss"), _reverse("feed_atom")
    site_name = getattr(context.get("site"), "site_name", "")
    if rss:
        feeds.append(("application/rss+xml", site_name, seo.absolute_url(rss)))
    if atom:
        feeds.append(("application/atom+xml", site_name, seo.absolute_url(atom)))
    category = context.get("category")
    if seo.label_of(category) == "articles.category":
        title = f"{site_name}: {category.name}"
        rss = _reverse("category_feed_rss", slug=category.slug)
        atom = _reverse("category_feed_atom", slug=category.slug)
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
    poster = _reverse("article_poster", slug=article.slug)
    return {
        # An image of its own, loaded only when the WeChat panel opens: the QR's inline
        # SVG was 8 ms to draw and about 10 kB of every article page.
        "qr_url": _reverse("article_qr", slug=article.slug),
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
