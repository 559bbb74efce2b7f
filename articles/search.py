"""Article search: PostgreSQL full-text ranking with highlights, containment elsewhere.

English and Chinese alike: the words of both come from agency.core.textsearch, which
cuts Chinese in Python (PostgreSQL's parsers do not).
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.utils.functional import cached_property

from agency.core import textsearch
from agency.core.textsearch import START, STOP

MAX_QUERY_LENGTH = 100
# Full-text relevance is ranked among at most this many (the newest) matches: reading and
# ranking each candidate's document costs about 12 µs, so 300 keep a search where every
# article matches near 4 ms in the database however many there are (1,000 cost 12 ms,
# a quarter of the search page). Thirty pages of results is more than anyone reads; a
# query matching more is too general for its ranking to matter much, and the results
# page says so ("the newest 300 are ranked here. Add a word to narrow the search").
RANK_WINDOW = 300
# Containment reads every candidate's text (about 6 µs a row for titles and excerpts):
# it looks among this many of the newest articles, so that a Chinese query the full
# text does not find costs a few milliseconds at 100k articles, not over half a second.
CONTAINMENT_WINDOW = 1000
# An existing article's document is made again, in Python, this many at a time.
REINDEX_BATCH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


class PostgresOnlyGinIndex(GinIndex):
    """A GIN index that exists on PostgreSQL and is a no-op on other databases.

    The local demo runs on SQLite, which has no GIN indexes and no to_tsvector; there
    search falls back to containment and needs no index.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().remove_sql(model, schema_editor, **kwargs)


def clean_query(raw):
    """Return (query, was_shortened): one line, no control characters, bounded."""
    text = " ".join(_CONTROL.sub(" ", raw or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[
            :MAX_QUERY_LENGTH
        ], True
    return text, False


def has_cjk(text):
    return textsearch.has_cjk(text)


def uses_full_text():
    return connection.vendor == "postgresql"


def _plain_text(expression):
    """SQL that turns stored HTML into text: tags become spaces."""
    return Func(
        expression,
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def search_articles(queryset, query, *, window=None):
    """Return the articles of `queryset` matching `query`, best match first.

    On PostgreSQL a `RankedResults` (a sequence the paginator counts and slices, each
    result with `headline` and `title_headline`); elsewhere a containment queryset.
    """
    if uses_full_text():
        return RankedResults(queryset, query, window=window or RANK_WINDOW)
    return containment_search(queryset, query)


def full_text_matches(queryset, query):
    """The articles whose search document matches `query` (the GIN index)."""
    search_query = textsearch.search_query(query)
    if search_query is None:
        return queryset.none()
    return queryset.filter(search_document=search_query)


def document(article):
    """The weighted document full-text search ranks: title, then excerpt, then body;
    English stemmed, Chinese cut into words and character pairs (agency.core.textsearch).
    """
    return textsearch.document(
        (article.title, "A"),
        (article.excerpt, "B"),
        (textsearch.html_text(article.body), "C"),
    )


def reindex(queryset):
    """Store the document of every article of `queryset` again, made as a save makes
    it (after the dictionary or the way documents are made changed); return how many.
    """
    rows = queryset.model._base_manager  # trashed articles too
    done, last = 0, 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "title", "excerpt", "body")[:REINDEX_BATCH]
        )
        if not batch:
            return done
        for article in batch:
            article.search_document = document(article)
        rows.bulk_update(batch, ["search_document"])  # one UPDATE a batch
        done += len(batch)
        last = batch[-1].pk


class RankedResults:
    """Full-text matches ranked by relevance, in two bounded queries whatever the size:

    - the `window` newest matches, each with its rank, ids only: ranking reads every
      candidate's document, so a word found in most of 100k articles would otherwise
      cost a second; below `window` matches (nearly every real query) the order is
      exact. Their number is the count (no separate COUNT query).
    - the articles of the page asked for, whole, with highlighted headlines: made by
      PostgreSQL for English, in Python when the query has Chinese, which PostgreSQL's
      headlines cannot find in a text it does not cut into words.
    """

    def __init__(self, queryset, query, *, window):
        self.queryset = queryset
        self.query = query
        self.window = window

    @cached_property
    def ranked_ids(self):
        rank_query = textsearch.rank_query(self.query)
        if rank_query is None:
            return []
        rows = (
            full_text_matches(self.queryset, self.query)
            .annotate(rank=SearchRank(F("search_document"), rank_query))
            .order_by("-published_at", "-pk")
            .values_list("pk", "rank")[: self.window]
        )
        # Newest first already: a stable sort keeps that order among equal ranks.
        return [pk for pk, _rank in sorted(rows, key=lambda row: -row[1])]

    def count(self):
        return len(self.ranked_ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ranked_ids[index]
        if not ids:
            return []
        found = self.queryset.filter(pk__in=ids)
        if has_cjk(self.query):
            pattern = textsearch.highlighter(self.query)
            found = list(found)
            for article in found:
                article.headline = textsearch.snippet(
                    textsearch.html_text(article.body), pattern
                )
                article.title_headline = textsearch.mark(article.title, pattern)
        else:
            found = self._with_headlines(found)
        by_id = {article.pk: article for article in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _with_headlines(self, queryset):
        search_query = textsearch.search_query(self.query)
        return queryset.annotate(
            headline=SearchHeadline(
                _plain_text(F("body")),
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=28,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            title_headline=SearchHeadline(
                "title",
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
        )


def containment_search(queryset, query, *, body=True):
    """Every word in the title, excerpt or (with `body`) body, English words by their
    stem and Chinese cut into words, among the newest CONTAINMENT_WINDOW articles;
    those with them all in the title first, then in the excerpt, newest first within
    each: the search on SQLite, and for Chinese on PostgreSQL when the full text finds
    nothing (a lone character ending a word, which no pair begins; bodies left out).
    """
    terms = textsearch.containment_terms(query)
    if not terms:
        return queryset.none()
    newest = queryset.order_by("-published_at", "-pk").values("pk")
    queryset = queryset.filter(pk__in=newest[:CONTAINMENT_WINDOW])
    condition = in_title = in_excerpt = Q()
    for term in terms:
        in_title &= Q(title__icontains=term)
        in_excerpt &= Q(excerpt__icontains=term)
        matches = Q(title__icontains=term) | Q(excerpt__icontains=term)
        if body:
            matches |= Q(body__icontains=term)
        condition &= matches
    return (
        queryset.filter(condition)
        .annotate(
            found_in=Case(
                When(in_title, then=Value(0)),
                When(in_excerpt, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("found_in", "-published_at", "-pk")
    )


def highlight(text, query=None):
    """Return safe HTML: `text` escaped, its matches wrapped in <mark>.

    `text` is plain text that may hold HTML entities (bodies are stored as HTML, and
    reach here with their tags removed). It comes either with START/STOP markers
    (from PostgreSQL or `RankedResults`), or from a containment search, whose `query`
    is marked here.
    """
    text = text or ""
    if query and START not in text:
        text = textsearch.mark(text, textsearch.highlighter(query))
    return textsearch.marked_html(text)


def snippet(article, query):
    """Return the highlighted snippet of a containment result: its body's text, blocks
    kept apart, around the first match."""
    text = textsearch.html_text(article.body)
    return textsearch.marked_html(
        textsearch.snippet(text, textsearch.highlighter(query))
    )
