"""Reads that several pages share: an article's neighbours and related reading."""

import datetime
import functools
import json
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from taggit.models import Tag

from agency.core.postgresql import fetch_all
from agency.core.queries import WrittenOnce, as_parameter
from agency.core.translation import (
    DEFAULT_LANGUAGE,
    current_language,
    field_suffix,
)

from .models import Article, Category, TaggedArticle
from .models.article import HEAVY_FIELDS, TAG_ORDER

# Related articles are ranked among the articles of this many of the newest taggings
# with the article's tags (see article_around). Each candidate is looked up to see that
# it is live, so the cost of a first render grows with it: 500 cost 3.5 ms of the
# database per article page at 10k articles, 200 cost 1.8 ms. The articles of two
# hundred recent taggings on the same subjects are plenty to find six good ones among
# (WordPress's related posts take the newest with any shared tag).
RELATED_CANDIDATES = 200

# Examples that stand for each run's values in the SQL the ORM writes once
# (agency.core.queries.WrittenOnce, _published_now): a slug and a language no article
# has (no control characters in either), a moment none is published at, an id none
# has.
_ANY_SLUG = "\x1f"
_ANY_LANGUAGE = "\x1e"
_ANY_MOMENT = datetime.datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=datetime.UTC)
_ANY_ID = -7


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
# published ones), `{in_tags}` for "is one of the article's tags" and `{each_article}`
# for the join from each candidate to its article (see _DIALECTS). Each row: what it is
# ("previous", "next" or "related"), the tags it shares, whether it is in the same
# category, the article's card columns, and its category's name and slug.
#
# Related articles come from three parts, each better than the next: sharing tags
# (ranked on a few columns, then the best read whole),
# in the same category, the newest. A part is read only while the better ones have not
# filled the `limit` (a SQL condition, checked once): an article with enough shared
# tags reads 8 rows, not 20, and turns fewer into articles.
#
# Written out rather than built with the ORM: composing the same five parts as five
# querysets cost about 5 ms of Python on every first render of an article page (the
# render after any content change), against 0.3 ms for this; the condition of what is
# live still comes from the model (`Article.objects.published()`).
#
# On PostgreSQL it runs as a prepared statement (agency.core.postgresql.fetch_all):
# reading and planning this text cost about 2.5 ms of a 7 ms run. A prepared statement
# is planned for any values, and such a plan, not knowing how many articles are live,
# joined the candidates to every live article by hashing (15 ms): each candidate's
# article is found by its id instead (a LATERAL subquery the planner cannot merge
# into a join), and the tags are one array parameter, so the text is the same for
# every article.
AROUND_SQL = """
WITH ranked AS (
    SELECT {article}.id, shared,
           CASE WHEN category_id = %(category)s THEN 1 ELSE 0 END AS same_category
    FROM (
        SELECT content_object_id, COUNT(*) AS shared FROM {tagged}
        WHERE tag_id {in_tags} AND content_object_id <> %(pk)s
          AND content_object_id >= (
            SELECT MIN(content_object_id) FROM ({newest_taggings}) AS newest_taggings
          )
        GROUP BY content_object_id
    ) AS sharing
    {each_article}
    ORDER BY 2 DESC, 3 DESC, published_at DESC, {article}.id DESC LIMIT %(limit)s
), by_tags AS (
    SELECT 'related' AS role, shared, same_category, {card}
    FROM ranked JOIN {article} ON {article}.id = ranked.id
    JOIN {category} ON {category}.id = category_id
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


# How each database reads the places AROUND_SQL leaves to it.
_DIALECTS = {
    "postgresql": {
        "in_tags": "= ANY(%(tags)s::integer[])",
        # The newest of each tag's, read backwards from its end of the index, then the
        # newest of those: a plan for any tags need not guess how many each has.
        "newest_taggings": (
            "SELECT newest.content_object_id FROM "
            "unnest(%(tags)s::integer[]) AS tag (id) CROSS JOIN LATERAL ("
            "SELECT content_object_id FROM {tagged} WHERE tag_id = tag.id "
            "AND content_object_id <> %(pk)s ORDER BY content_object_id DESC "
            "LIMIT %(candidates)s) AS newest "
            "ORDER BY 1 DESC LIMIT %(candidates)s"
        ),
        "each_article": (
            "CROSS JOIN LATERAL (SELECT {columns} FROM {article} WHERE {article}.id "
            "= sharing.content_object_id AND {live} OFFSET 0) AS {article}"
        ),
    },
    # SQLite: no arrays (the ids as JSON) and no LATERAL (a plain query is planned
    # with its values each time).
    "sqlite": {
        "in_tags": "IN (SELECT value FROM json_each(%(tags)s))",
        "newest_taggings": (
            "SELECT content_object_id FROM {tagged} WHERE tag_id IN (SELECT value "
            "FROM json_each(%(tags)s)) AND content_object_id <> %(pk)s "
            "ORDER BY content_object_id DESC LIMIT %(candidates)s"
        ),
        "each_article": (
            "JOIN {article} ON {article}.id = sharing.content_object_id AND {live}"
        ),
    },
}


def _card_fields():
    return [
        field
        for field in Article._meta.concrete_fields
        if field.name not in HEAVY_FIELDS
    ]


def _card_category_fields():
    """What a card shows of its category: its slug and its name in every language (a
    Chinese page's card names it in Chinese, a list's and a related card alike)."""
    names = [
        "slug",
        "name",
        *(
            f"name_{field_suffix(code)}"
            for code, _name in settings.LANGUAGES
            if code != DEFAULT_LANGUAGE
        ),
    ]
    # In the model's order, as from_db reads a row's values.
    return [field for field in Category._meta.concrete_fields if field.name in names]


@functools.lru_cache(maxsize=16)
def _around_sql(using, live):
    """AROUND_SQL for a database and a condition of what is live, with %s
    placeholders, and the names of the parameters they stand for, in order."""
    connection = connections[using]
    quote = connection.ops.quote_name
    article, category = (
        quote(Article._meta.db_table),
        quote(Category._meta.db_table),
    )
    tagged = quote(TaggedArticle._meta.db_table)
    columns = [f"{article}.{quote(field.column)}" for field in _card_fields()]
    ranked_by = ", ".join(
        f"{article}.{quote(Article._meta.get_field(name).column)}"
        for name in ("id", "category", "published_at")
    )
    dialect = {
        name: text.format(article=article, tagged=tagged, live=live, columns=ranked_by)
        for name, text in _DIALECTS[connection.vendor].items()
    }
    sql = AROUND_SQL.format(
        article=article,
        category=category,
        tagged=tagged,
        card=", ".join(
            [
                *columns,
                *(
                    f"{category}.{quote(field.column)}"
                    for field in _card_category_fields()
                ),
            ]
        ),
        live=live,
        **dialect,
    )
    names = []

    def positional(match):
        names.append(match[1])
        return "%s"

    return _NAMED.sub(positional, sql), names


_NAMED = re.compile(r"%\((\w+)\)s")


@functools.lru_cache(maxsize=4)
def _published_condition(using):
    # The published articles' condition, written once a process with the examples.
    live, examples = _live_condition(
        Article.objects.using(using).published(language=_ANY_LANGUAGE, at=_ANY_MOMENT)
    )
    moment = as_parameter(connections[using], _ANY_MOMENT)
    if not {moment, _ANY_LANGUAGE} <= set(examples.values()):
        # The ORM changed a value on its way into the SQL: it would stay fixed.
        raise ValueError("the published condition does not read the moment as given")
    return live, examples


def _published_now(using):
    """`_live_condition(Article.objects.published())`: the articles published now in
    the active language, without the ORM writing the condition again (0.5 ms)."""
    live, examples = _published_condition(using)
    connection = connections[using]
    moment = as_parameter(connection, _ANY_MOMENT)
    values = {moment: as_parameter(connection, timezone.now())}
    values[_ANY_LANGUAGE] = current_language()
    return live, {name: values.get(value, value) for name, value in examples.items()}


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
    flat however many articles exist (AROUND_SQL). Each comes with its category (slug
    and names) for its card. Candidates come from `articles`, the published ones unless
    told.
    """
    if articles is None:
        live, params = _published_now(DEFAULT_DB_ALIAS)
        using = DEFAULT_DB_ALIAS
    else:
        live, params = _live_condition(articles)
        using = articles.db
    connection = connections[using]
    fields = _card_fields()
    sql, names = _around_sql(using, live)
    params.update(
        pk=article.pk,
        at=article.published_at,
        category=article.category_id,
        candidates=RELATED_CANDIDATES,
        limit=limit,
        tags=[int(pk) for pk in tag_ids],
    )
    if connection.vendor != "postgresql":
        params["tags"] = json.dumps(params["tags"])
    rows = fetch_all(connection, sql, [params[name] for name in names])
    names = [field.attname for field in fields]
    category_names = ["id", *(field.attname for field in _card_category_fields())]
    split = len(fields)
    converters = _converters(fields, connection)
    roles, best = {}, {}
    for role, shared, same, *values in rows:
        found = Article.from_db(
            using, names, _to_python(converters, values[:split], connection)
        )
        # The category's other fields are deferred: read if asked, never made up.
        found.category = Category.from_db(
            using, category_names, [found.category_id, *values[split:]]
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


def _published(slug, at, language):
    return Article.objects.published(language=language, at=at).filter(slug=slug)


_COUNTS = WrittenOnce(
    lambda **values: _published(**values).only("slug", "view_count", "like_count"),
    slug=_ANY_SLUG,
    at=_ANY_MOMENT,
    language=_ANY_LANGUAGE,
)


def article_with_counts(slug, *, using=DEFAULT_DB_ALIAS):
    """The published article `slug` of the active language with only its counts, as
    `Article.objects.published().only("slug", "view_count", "like_count")` would
    give it, or None: the article page's one read when its HTML is kept.

    Its SQL is the ORM's, written once a process (`WrittenOnce`): writing it took the
    ORM longer (about 0.4 ms) than the database takes to answer it.
    """
    return _COUNTS.first(
        using, slug=slug, at=timezone.now(), language=current_language()
    )


def article_whole(articles):
    """`articles` with all the article page shows of each (author, categories)."""
    return articles.select_related("category__parent", "author__author_profile").defer(
        # The search vector is as long as the body again; the page never shows it.
        "search_document",
        "author__password",
    )


_WHOLE = WrittenOnce(
    lambda **values: article_whole(_published(**values)),
    slug=_ANY_SLUG,
    at=_ANY_MOMENT,
    language=_ANY_LANGUAGE,
)
_TAGS = WrittenOnce(
    lambda article: Tag.objects.filter(
        articles_taggedarticle_items__content_object=article
    ).order_by(TAG_ORDER),
    article=_ANY_ID,
)


def article_for_page(slug, *, using=DEFAULT_DB_ALIAS):
    """The published article `slug` of the active language with all its page shows
    (`article_whole`, and its tags as `tag_list`, in the order they were given), or
    None: the article page's reads when nothing of it is kept (the first view after a
    change). Both queries are written by the ORM once a process (`WrittenOnce`): on
    that render, writing them cost more than the database took to answer."""
    article = _WHOLE.first(
        using, slug=slug, at=timezone.now(), language=current_language()
    )
    if article is not None:
        article.tag_list = _TAGS.rows(using, article=article.pk)
    return article
