"""The sidebar and home-page widgets' data.

The sidebar is kept as HTML (the `articles_sidebar` tag) and the home page's articles
as rows (`home_articles`), both with agency.core.fragments.kept: until content changes
(the app's models retire the page cache's generation, see apps.py) or, at most,
CACHE_SECONDS, since view counts move hot topics without any save.
"""

import math

from django.db.models import BigIntegerField, Count, Value
from taggit.models import Tag

from agency.core import fragments
from agency.core.fragments import kept

CACHE_SECONDS = 5 * 60
LATEST_COUNT = 6
HOT_COUNT = 6
HOT_DAYS = 30
CLOUD_SIZE = 30
CLOUD_STEPS = 5
# The tag cloud counts the tags of this many of the newest published articles (of the
# language): all of them on a site of this agency's size; on a magazine of 100k
# articles, what it writes about lately, at a flat cost. Counting all 400k tag links
# there took 44 ms on the first render of every page with the sidebar after each save.
CLOUD_ARTICLES = 1000


def tag_cloud(limit=CLOUD_SIZE):
    """Return the most used tags among the newest CLOUD_ARTICLES published articles,
    alphabetical, each with a `weight` from 1 to CLOUD_STEPS (logarithmic, so one huge
    tag does not flatten the rest)."""
    from .models import Article

    newest = (
        Article.objects.published()
        .order_by("-published_at", "-pk")
        .values("pk")[:CLOUD_ARTICLES]
    )
    tags = list(
        # Filtered before it is counted: each tag's uses among those articles only.
        Tag.objects.filter(articles_taggedarticle_items__content_object__in=newest)
        .annotate(uses=Count("articles_taggedarticle_items"))
        .order_by("-uses", "name")[:limit]
    )
    if not tags:
        return []
    low = math.log(min(t.uses for t in tags))
    high = math.log(max(t.uses for t in tags))
    spread = (high - low) or 1
    for tag in tags:
        tag.weight = 1 + round((math.log(tag.uses) - low) / spread * (CLOUD_STEPS - 1))
    return sorted(tags, key=lambda t: t.name.lower())


def latest_and_hot(latest=LATEST_COUNT, hot=HOT_COUNT, days=HOT_DAYS):
    """Return (newest articles, hot topics), from one query.

    Hot topics are the most viewed of the last `days` days (from the per-day counts);
    when fewer than `hot` were viewed then, the most viewed of all time fill up. The
    three candidate lists (newest, recently viewed, viewed of all time) come in one
    UNION and are ranked here.
    """
    from .models import Article
    from .selectors import union_all

    published = Article.objects.published().defer("body")
    no_recent = Value(0, output_field=BigIntegerField())
    newest = published.annotate(recent_views=no_recent, role=Value("new")).order_by(
        "-published_at", "-pk"
    )[:latest]
    recent = published.popular(days=days, limit=hot).annotate(role=Value("recent"))
    all_time = published.annotate(
        recent_views=no_recent, role=Value("all")
    ).most_viewed()[:hot]
    found = union_all(newest, recent, all_time)

    def ranked(role, key):
        return sorted((a for a in found if a.role == role), key=key, reverse=True)

    new = ranked("new", lambda a: (a.published_at, a.pk))
    hot_list = ranked("recent", lambda a: (a.recent_views, a.published_at, a.pk))
    seen = {a.pk for a in hot_list}
    for article in ranked("all", lambda a: (a.view_count, a.published_at, a.pk)):
        if article.pk not in seen:
            hot_list.append(article)
            seen.add(article.pk)
    return new[:latest], hot_list[:hot]


def latest_articles(limit=LATEST_COUNT):
    return latest_and_hot(latest=limit)[0]


def hot_articles(limit=HOT_COUNT, days=HOT_DAYS):
    """Return the most viewed articles of the last `days` days, topped up with the most
    viewed of all time when too few were viewed then."""
    return latest_and_hot(hot=limit, days=days)[1]


def sidebar_data():
    """The sidebar's lists (kept as the sidebar's HTML, not on their own)."""
    latest, hot = latest_and_hot()
    return {"tags": tag_cloud(), "latest": latest, "hot": hot}


def home_articles(limit=3):
    """Return the home page's articles: featured ones first, then the newest."""
    from .models import Article

    return kept(
        "home-articles",
        lambda: list(
            Article.objects.published()
            .for_cards()
            .order_by("-featured", "-published_at", "-pk")[:limit]
        ),
        vary=[limit],
        timeout=CACHE_SECONDS,
    )


def prefetch_cards(articles, level):
    """Read the kept cards of `articles` (articles/includes/article_card.html keeps
    each, for every page that shows it) in one round trip, as `level` headings."""
    fragments.prefetch(*(("article-card", [article.pk, level]) for article in articles))
