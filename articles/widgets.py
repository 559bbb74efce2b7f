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


def latest_articles(limit=LATEST_COUNT):
    from .models import Article

    return list(Article.objects.published().for_cards()[:limit])


def hot_articles(limit=HOT_COUNT, days=HOT_DAYS):
    """Return the most viewed articles of the last `days` days (from the per-day
    counts); when fewer than `limit` were viewed then, fill up with the most viewed of
    all time. One query either way: both candidate lists come in one UNION."""
    from .models import Article

    published = Article.objects.published().defer("body")
    recent = published.popular(days=days)[:limit]
    all_time = published.annotate(
        recent_views=Value(0, output_field=BigIntegerField())
    ).most_viewed()[:limit]
    candidates = list(recent.union(all_time, all=True))
    hot = sorted(
        (a for a in candidates if a.recent_views),
        key=lambda a: (a.recent_views, a.published_at, a.pk),
        reverse=True,
    )
    seen = {a.pk for a in hot}
    fallback = sorted(
        (a for a in candidates if not a.recent_views),
        key=lambda a: (a.view_count, a.published_at, a.pk),
        reverse=True,
    )
    for article in fallback:
        if article.pk not in seen:
            hot.append(article)
            seen.add(article.pk)
    return hot[:limit]


def sidebar_data():
    data = cache.get(SIDEBAR_CACHE_KEY)
    if data is None:
        data = {
            "tags": tag_cloud(),
            "latest": latest_articles(),
            "hot": hot_articles(),
        }
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
