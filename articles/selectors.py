"""Reads that several pages share: an article's neighbours and related reading."""

import datetime
import functools

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from agency.core.postgresql import fetch_one
from agency.core.translation import current_language

from .models import Article, Category, TaggedArticle
from .models.article import HEAVY_FIELDS

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


# The candidates of article_around, in SQL (as PostgreSQL and SQLite both read it) with
# `{article}`, `{category}` and `{tagged}` for the tables, `{card}` for the columns a
# card shows, `{live}` for the condition that makes an article a candidate (the
# published ones) and `{tags}` for the article's tag ids. Each row: what it is
# ("previous", "next" or "related"), the tags it shares, whether it is in the same
# category, the article's card columns, and its category's name and slug.
#
# Related articles come from three parts, each better than the next: sharing tags,
# in the same category, the newest. A part is read only while the better ones have not
# filled the `limit` (a SQL condition, checked once): an article with enough shared
# tags reads 8 rows, not 20, and turns fewer into articles.
#
# Written out rather than built with the ORM: composing the same five parts as five
# querysets cost about 5 ms of Python on every first render of an article page (the
# render after any content change), against 0.3 ms for this; the condition of what is
# live still comes from the model (`Article.objects.published()`).
AROUND_SQL = """
WITH by_tags AS (
    SELECT 'related' AS role, shared,
           CASE WHEN category_id = %(category)s THEN 1 ELSE 0 END AS same_category,
           {card}
    FROM {article} JOIN {category} ON {category}.id = category_id JOIN (
        SELECT content_object_id, COUNT(*) AS shared FROM {tagged}
        WHERE tag_id IN ({tags}) AND content_object_id <> %(pk)s
          AND content_object_id >= (
            SELECT MIN(content_object_id) FROM (
                SELECT content_object_id FROM {tagged}
                WHERE tag_id IN ({tags}) AND content_object_id <> %(pk)s
                ORDER BY content_object_id DESC LIMIT %(candidates)s
            ) AS newest_taggings
          )
        GROUP BY content_object_id
    ) AS sharing ON sharing.content_object_id = {article}.id
    WHERE {live}
    ORDER BY 2 DESC, 3 DESC, published_at DESC, {article}.id DESC LIMIT %(limit)s
), by_category AS (
    SELECT 'related' AS role, 0 AS shared, 1 AS same_category, {card} FROM {article}
    JOIN {category} ON {category}.id = category_id
    WHERE {live} AND {article}.id <> %(pk)s AND category_id = %(category)s
      AND (SELECT COUNT(*) FROM by_tags) < %(limit)s
    ORDER BY published_at DESC, {article}.id DESC LIMIT %(limit)s
)
SELECT * FROM (
    SELECT 'previous' AS role, 0 AS shared, 0 AS same_category, {card} FROM {article}
    JOIN {category} ON {category}.id = category_id
    WHERE {live} AND {article}.id <> %(pk)s AND published_at <= %(at)s
      AND (published_at < %(at)s OR {article}.id < %(pk)s)
    ORDER BY published_at DESC, {article}.id DESC LIMIT 1
) AS previous
UNION ALL SELECT * FROM (
    SELECT 'next', 0, 0, {card} FROM {article}
    JOIN {category} ON {category}.id = category_id
    WHERE {live} AND {article}.id <> %(pk)s AND published_at >= %(at)s
      AND (published_at > %(at)s OR {article}.id > %(pk)s)
    ORDER BY published_at ASC, {article}.id ASC LIMIT 1
) AS following
UNION ALL SELECT * FROM by_tags
UNION ALL SELECT * FROM by_category
UNION ALL SELECT * FROM (
    SELECT 'related', 0, 0, {card} FROM {article}
    JOIN {category} ON {category}.id = category_id
    WHERE {live} AND {article}.id <> %(pk)s
      AND (
        SELECT COUNT(*) FROM (
            SELECT id FROM by_tags UNION SELECT id FROM by_category
        ) AS better
      ) < %(limit)s
    ORDER BY published_at DESC, {article}.id DESC LIMIT %(limit)s
) AS newest
"""


def _live_condition(articles):
    """The WHERE of `articles` (a filtered queryset of Article, no joins) as SQL on the
    article table, with its parameters inlined as named ones."""
    query = articles.query
    compiler = query.get_compiler(using=articles.db)
    sql, params = query.where.as_sql(compiler, compiler.connection)
    names = {f"live{n}": value for n, value in enumerate(params)}
    return sql % tuple(f"%({name})s" for name in names), names


def article_around(article, *, tag_ids, limit=6, articles=None):
    """Return (previous, next, related) for `article`, all from one query.

    Previous and next are by publication time. Related articles are ranked by the
    number of tags they share, then same category, then newest: the candidates are the
    articles of the newest RELATED_CANDIDATES taggings with the article's tags (a
    popular tag is on a quarter of 100k articles: ranking all of them cost 10 ms at
    10k), each with all the tags it shares (counted from the oldest of those taggings
    on), up to `limit` in the same category and the `limit` newest, so the cost stays
    flat however many articles exist (AROUND_SQL). Each comes with its category (name
    and slug) for its card. Candidates come from `articles`, the published ones unless
    told.
    """
    if articles is None:
        articles = Article.objects.published()
    connection = connections[articles.db]
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    fields = [
        field
        for field in Article._meta.concrete_fields
        if field.name not in HEAVY_FIELDS
    ]
    live, params = _live_condition(articles)
    categories = quote(Category._meta.db_table)
    sql = AROUND_SQL.format(
        article=table,
        category=categories,
        tagged=quote(TaggedArticle._meta.db_table),
        card=", ".join(
            [f"{table}.{quote(field.column)}" for field in fields]
            + [f"{categories}.name", f"{categories}.slug"]
        ),
        live=live,
        tags=", ".join(str(int(pk)) for pk in tag_ids) or "0",
    )
    params.update(
        pk=article.pk,
        at=article.published_at,
        category=article.category_id,
        candidates=RELATED_CANDIDATES,
        limit=limit,
    )
    names = [field.attname for field in fields]
    converters = _converters(fields, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    roles, best = {}, {}
    for role, shared, same, *values in rows:
        *card, category_name, category_slug = values
        found = Article.from_db(
            articles.db, names, _to_python(converters, card, connection)
        )
        found.category = Category(
            pk=found.category_id, name=category_name, slug=category_slug
        )
        if role != "related":
            roles[role] = found
        elif found.pk not in best or (shared, same) > (
            best[found.pk].shared,
            best[found.pk].same_category,
        ):
            found.shared, found.same_category = shared, same
            best[found.pk] = found
    related = sorted(
        best.values(),
        key=lambda a: (a.shared, a.same_category, a.published_at, a.pk),
        reverse=True,
    )
    return roles.get("previous"), roles.get("next"), related[:limit]


def _converters(fields, connection):
    """Each column's converters, as a compiler finds them: what turns a value as the
    database driver gives it into what the ORM would give (SQLite's times are text,
    JSON is text in both). Found once a query, not once a row."""
    found = []
    for field in fields:
        column = field.cached_col
        found.append(
            (
                column,
                [
                    *connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection),
                ],
            )
        )
    return found


def _to_python(converters, values, connection):
    """A row's values through their columns' converters (`_converters`)."""
    converted = []
    for (column, convert_all), value in zip(converters, values, strict=True):
        for convert in convert_all:
            value = convert(value, column, connection)
        converted.append(value)
    return converted


def articles_related_to(article, *, tag_ids, limit=6, articles=None):
    """Return up to `limit` articles like `article`, best first (see `article_around`)."""
    return article_around(article, tag_ids=tag_ids, limit=limit, articles=articles)[2]


def article_neighbours(article, *, articles=None):
    """Return (previous, next) by publication time (see `article_around`)."""
    return article_around(article, tag_ids=[], limit=0, articles=articles)[:2]


# Where `article_with_counts` puts this request's slug and moment in the SQL it wrote
# once: a slug no article has (slugs have no control characters) and a moment none is
# published at.
_ANY_SLUG = "\x1f"
_ANY_MOMENT = datetime.datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=datetime.UTC)


@functools.cache
def _counts_sql(using, language):
    """The SQL of `article_with_counts` in `language` and the places of its slug and
    moment among its parameters: written by the ORM once a process and language."""
    query = (
        Article.objects.using(using)
        .published(language=language, at=_ANY_MOMENT)
        .filter(slug=_ANY_SLUG)
        .values_list("pk", "slug", "view_count", "like_count")
        .query
    )
    sql, params = query.get_compiler(using).as_sql()
    moment = connections[using].ops.adapt_datetimefield_value(_ANY_MOMENT)
    moments = [index for index, value in enumerate(params) if value == moment]
    return sql, tuple(params), params.index(_ANY_SLUG), moments


def article_with_counts(slug, *, using=DEFAULT_DB_ALIAS):
    """The published article `slug` of the active language with only its counts, as
    `Article.objects.published().only("slug", "view_count", "like_count")` would
    give it, or None: the article page's one read when its HTML is kept.

    The SQL is the ORM's, written once (`_counts_sql`) and run with this slug and this
    moment: writing it took the ORM longer (about 0.4 ms) than the database takes to
    answer it, on the page with the page cache off. On PostgreSQL it is a prepared
    statement of the connection, planned once (`fetch_one`).
    """
    sql, params, slug_at, moments = _counts_sql(using, current_language())
    connection = connections[using]
    params = list(params)
    params[slug_at] = slug
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for index in moments:
        params[index] = now
    row = fetch_one(connection, sql, params)
    if row is None:
        return None
    return Article.from_db(using, ["id", "slug", "view_count", "like_count"], row)
