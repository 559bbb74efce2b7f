"""Reads that several pages share: an article's neighbours and related reading."""

from django.db import connections, models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When

from .models import Article, Category, TaggedArticle

# Related articles are ranked among the articles of this many of the newest taggings
# with the article's tags (see article_around).
RELATED_CANDIDATES = 500


def union_all(*querysets):
    """Return the rows of sliced `querysets` together: one UNION ALL query where the
    database allows LIMIT inside one (PostgreSQL), one query each where not (SQLite)."""
    first = querysets[0]
    if connections[first.db].features.supports_slicing_ordering_in_compound:
        return list(first.union(*querysets[1:], all=True))
    return [row for queryset in querysets for row in queryset]


def article_around(article, *, tag_ids, limit=6, articles=None):
    """Return (previous, next, related) for `article`, all from one query.

    Related articles are ranked by the number of shared tags, then same category,
    then newest. Five small indexed candidate lists (the previous and the next
    article; up to `limit` sharing a tag, in the same category, newest) come in one
    UNION and are ranked here, so the cost stays flat however many articles exist.
    Each article comes with its category (name and slug) for its card. Candidates
    come from `articles`, the published ones unless told.
    """
    if articles is None:
        articles = Article.objects.published()
    others = (
        articles.exclude(pk=article.pk)
        .defer("body")
        .annotate(category_name=F("category__name"), category_slug=F("category__slug"))
    )
    at, pk = article.published_at, article.pk
    same_category = Case(
        When(category_id=article.category_id, then=Value(1)),
        default=Value(0),
        output_field=models.IntegerField(),
    )

    def candidates(queryset, *, role, shared=None, same=None):
        return queryset.annotate(
            role=Value(role),
            shared=shared if shared is not None else Value(0),
            same_category=same if same is not None else Value(0),
        )

    # Each side bounded by a plain range too, so the index scan stops early.
    previous = candidates(
        others.filter(published_at__lte=at).filter(
            Q(published_at__lt=at) | Q(pk__lt=pk)
        ),
        role="previous",
    ).order_by("-published_at", "-pk")[:1]
    following = candidates(
        others.filter(published_at__gte=at).filter(
            Q(published_at__gt=at) | Q(pk__gt=pk)
        ),
        role="next",
    ).order_by("published_at", "pk")[:1]
    # The candidates are the articles of the newest RELATED_CANDIDATES taggings with
    # these tags (a popular tag is on a quarter of 100k articles: ranking all of them
    # cost 10 ms at 10k), each ranked by all the tags it shares, counted on the
    # tagging index one candidate at a time (joining the candidates' taggings back
    # made PostgreSQL scan every tagging: 13 ms at 10k articles).
    tag_ids = list(tag_ids) or [0]
    recent_taggings = (
        TaggedArticle.objects.filter(tag_id__in=tag_ids)
        .exclude(content_object_id=article.pk)
        .order_by("-content_object_id")
        .values("content_object_id")[:RELATED_CANDIDATES]
    )
    shared_tags = (
        TaggedArticle.objects.filter(
            content_object_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        .order_by()
        .values("content_object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shared = Subquery(shared_tags, output_field=models.IntegerField())
    best_by_tags = (
        articles.exclude(pk=article.pk)
        .filter(pk__in=Subquery(recent_taggings))
        .annotate(shared=shared, same_category=same_category)
        .order_by("-shared", "-same_category", "-published_at", "-pk")
        .values("pk")[:limit]
    )
    by_tags = candidates(
        others.filter(pk__in=Subquery(best_by_tags)),
        role="related",
        shared=shared,
        same=same_category,
    ).order_by("-published_at", "-pk")[:limit]
    by_category = candidates(
        others.filter(category_id=article.category_id),
        role="related",
        same=Value(1),
    ).order_by("-published_at", "-pk")[:limit]
    newest = candidates(others, role="related").order_by("-published_at", "-pk")[:limit]
    found = union_all(previous, following, by_tags, by_category, newest)
    for each in found:
        each.category = Category(
            pk=each.category_id, name=each.category_name, slug=each.category_slug
        )
    roles = {each.role: each for each in found if each.role != "related"}
    best = {}
    for each in found:
        if each.role != "related":
            continue
        kept = best.get(each.pk)
        if kept is None or (each.shared, each.same_category) > (
            kept.shared,
            kept.same_category,
        ):
            best[each.pk] = each
    related = sorted(
        best.values(),
        key=lambda a: (a.shared, a.same_category, a.published_at, a.pk),
        reverse=True,
    )
    return roles.get("previous"), roles.get("next"), related[:limit]


def articles_related_to(article, *, tag_ids, limit=6, articles=None):
    """Return up to `limit` articles like `article`, best first (see `article_around`)."""
    return article_around(article, tag_ids=tag_ids, limit=limit, articles=articles)[2]


def article_neighbours(article, *, articles=None):
    """Return (previous, next) by publication time (see `article_around`)."""
    return article_around(article, tag_ids=[], limit=0, articles=articles)[:2]
