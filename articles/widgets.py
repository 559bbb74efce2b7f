"""The sidebar and home-page widgets' data, built once and kept in the cache.

The cache entry is deleted whenever an article, a category or an article's tags change
(`connect_invalidation`), and expires after a few minutes anyway: scheduled articles go
live and view counts move without any save.
"""

import math

from django.core.cache import cache
from django.db.models import BigIntegerField, Count, Q, Value
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

SIDEBAR_CACHE_KEY = "articles:sidebar:v1"
HOME_CACHE_KEY = "articles:home:v1"
CACHE_SECONDS = 5 * 60
LATEST_COUNT = 6
HOT_COUNT = 6
HOT_DAYS = 30
CLOUD_SIZE = 30
CLOUD_STEPS = 5


def tag_cloud(limit=CLOUD_SIZE):
    """Return the most used tags among published articles, alphabetical, each with a
    `weight` from 1 to CLOUD_STEPS (logarithmic, so one huge tag does not flatten the
    rest)."""
    from .models import Article

    published = Article.objects.published().values("pk")
    tags = list(
        Tag.objects.annotate(
            uses=Count(
                "articles_taggedarticle_items",
                filter=Q(articles_taggedarticle_items__content_object__in=published),
            )
        )
        .filter(uses__gt=0)
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
    from .models import Article, union_all

    published = Article.objects.published().defer("body")
    no_recent = Value(0, output_field=BigIntegerField())
    newest = published.annotate(recent_views=no_recent, role=Value("new")).order_by(
        "-published_at", "-pk"
    )[:latest]
    recent = published.popular(days=days).annotate(role=Value("recent"))[:hot]
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
    data = cache.get(SIDEBAR_CACHE_KEY)
    if data is None:
        latest, hot = latest_and_hot()
        data = {"tags": tag_cloud(), "latest": latest, "hot": hot}
        cache.set(SIDEBAR_CACHE_KEY, data, CACHE_SECONDS)
    return data


def home_articles(limit=3):
    """Return the home page's articles: featured ones first, then the newest."""
    from .models import Article

    articles = cache.get(HOME_CACHE_KEY)
    if articles is None:
        articles = list(
            Article.objects.published()
            .for_cards()
            .order_by("-featured", "-published_at", "-pk")[:limit]
        )
        cache.set(HOME_CACHE_KEY, articles, CACHE_SECONDS)
    return articles


def invalidate(**kwargs):
    cache.delete_many([SIDEBAR_CACHE_KEY, HOME_CACHE_KEY])


def connect_invalidation():
    from .models import Article, Category, TaggedArticle

    for model in (Article, Category, TaggedArticle, Tag):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"articles-w-{model}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"articles-wd-{model}"
        )
    m2m_changed.connect(
        invalidate, sender=Article.tags.through, dispatch_uid="articles-w-tags"
    )
