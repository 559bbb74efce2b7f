"""Article search: PostgreSQL full-text ranking with highlights, containment elsewhere."""

import html
import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.utils.functional import cached_property
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

MAX_QUERY_LENGTH = 100
# Full-text relevance is ranked among at most this many (the newest) matches: reading and
# ranking each candidate's document costs about 8 µs, so 1,000 keep a search of 100k
# articles where every one matches near 10 ms in the database. A query matching more is
# too general for its ranking to matter much, and the results page says so.
RANK_WINDOW = 1000
# Highlight markers from the private-use area: they survive escaping, then become <mark>.
START, STOP = "\ue000", "\ue001"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
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
    return bool(_CJK.search(text))


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
    return queryset.filter(search_document=_search_query(query))


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config="english")


class RankedResults:
    """Full-text matches ranked by relevance, in two bounded queries whatever the size:

    - the `window` newest matches, each with its rank, ids only: ranking reads every
      candidate's document, so a word found in most of 100k articles would otherwise
      cost a second; below `window` matches (nearly every real query) the order is
      exact. Their number is the count (no separate COUNT query).
    - the articles of the page asked for, whole, with highlighted headlines.
    """

    def __init__(self, queryset, query, *, window):
        self.queryset = queryset
        self.query = query
        self.window = window

    @cached_property
    def ranked_ids(self):
        search_query = _search_query(self.query)
        rows = (
            full_text_matches(self.queryset, self.query)
            .annotate(rank=SearchRank(F("search_document"), search_query))
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
        search_query = _search_query(self.query)
        found = self.queryset.filter(pk__in=ids).annotate(
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
        by_id = {article.pk: article for article in found}
        return [by_id[pk] for pk in ids if pk in by_id]


def containment_search(queryset, query, *, body=True):
    """Every word in the title, excerpt or (with `body`) body: the search on SQLite, and
    for Chinese on PostgreSQL, where bodies are left out to keep it fast at scale."""
    condition = Q()
    for word in query.split()[:10]:
        matches = Q(title__icontains=word) | Q(excerpt__icontains=word)
        if body:
            matches |= Q(body__icontains=word)
        condition &= matches
    return queryset.filter(condition).order_by("-published_at", "-pk")


def highlight(text, query=None):
    """Return safe HTML: `text` escaped, its matches wrapped in <mark>.

    `text` is plain text that may hold HTML entities (bodies are stored as HTML, and
    reach here with their tags removed). It comes either from PostgreSQL, with START/
    STOP markers, or from a containment search, whose `query` words are marked here.
    """
    text = html.unescape(text or "")
    if query and START not in text:
        words = sorted({w for w in query.split() if w}, key=len, reverse=True)
        if words:
            pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
            text = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
    escaped = escape(text)
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped above
        escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    )


def snippet(article, query):
    """Return the highlighted snippet of a containment result."""
    text = " ".join(strip_tags(article.body or "").split())
    lowered = text.lower()
    first = min(
        (i for w in query.split() if (i := lowered.find(w.lower())) >= 0), default=-1
    )
    if first > 80:
        text = "… " + text[first - 60 :]
    return highlight(Truncator(text).chars(240), query)
