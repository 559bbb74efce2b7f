"""Full-text search that understands Chinese as well as English.

PostgreSQL's parsers cut text at spaces and punctuation, so a Chinese sentence, which has
neither between its words, becomes one token, and no Chinese parser extension is
installable here. So Chinese (any run of CJK characters, wherever it stands, in an
English text too) is cut in Python before it reaches the database:

- a text's document holds, for each run, its words as jieba finds them with the site's
  dictionary (`search_words.txt`) and every pair of adjacent characters, indexed with
  the `simple` configuration; the rest of the text keeps the `english` one (stemming);
- a query's run asks for all its pairs, so 小程序 (小程 & 程序) is found wherever those
  characters stand together, however jieba cut the text around them; the words only
  rank the texts that use the query as a word higher.

The same module makes highlighted snippets in Python (PostgreSQL's ts_headline knows no
Chinese words) and the words of a containment search (SQLite, the catalogue).
"""

import functools
import re
import unicodedata
from html import unescape
from pathlib import Path

import rjieba
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

WORDS_FILE = Path(__file__).with_name("search_words.txt")
# A dictionary word's frequency when its line gives none: above the general words
# that would otherwise cut it apart (程序开发 beats 小程序 at jieba's default).
DEFAULT_FREQUENCY = 50_000

# Han (with extension A and the compatibility block), kana, Hangul syllables.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
# Non-ASCII punctuation and symbols: in a C-locale database PostgreSQL's parser takes
# every non-ASCII character for a letter, so “hosting” or 小程序，抖音's comma would
# stick to the word beside it. They separate words instead.
_WIDE_PUNCTUATION = re.compile(
    "[\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u2e00-\u2e7f"
    "\u3000-\u303f\ufe30-\ufe4f\uff00-\uff65\U0001f000-\U0001faff]"
)
# A letter or digit of a word written with spaces (Latin, Cyrillic, ...): not CJK.
_SPACED_LETTER = f"[^\\W{_CJK_CHARS}]"
_BLOCK_END = re.compile(
    r"(</(?:p|div|h[1-6]|li|dt|dd|blockquote|pre|td|th|tr|figcaption|caption)>"
    r"|<br\s*/?>|<hr\s*/?>)",
    re.IGNORECASE,
)
# Suffixes the containment search and the Python highlights drop from English words
# (a rough stemmer: the full-text search stems with PostgreSQL's snowball).
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "e", "ly")

# Highlight markers from the private-use area: they survive escaping, then become <mark>.
START, STOP = "\ue000", "\ue001"
SNIPPET_WIDTH = 240  # in Latin letters; a CJK character counts as two


@functools.cache
def _jieba():
    """rjieba with the site's dictionary, loaded once per process."""
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            frequency = int(fields[1]) if len(fields) > 1 else DEFAULT_FREQUENCY
            rjieba.add_word(fields[0], frequency, None)
    return rjieba


def has_cjk(text):
    return bool(_CJK_RUN.search(text or ""))


def normalize(text):
    """NFKC: full-width letters and digits (ＳＥＯ) as ASCII, on both sides of a search."""
    return unicodedata.normalize("NFKC", text or "")


def split(text):
    """Return (the text with its CJK runs and wide punctuation as spaces, the runs)."""
    text = normalize(text)
    other = _WIDE_PUNCTUATION.sub(" ", _CJK_RUN.sub(" ", text))
    return other, _CJK_RUN.findall(text)


def pairs(run):
    """The overlapping character pairs of a CJK run (a lone character stands alone)."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def words(run):
    """The words of a CJK run, as jieba reads it with the site's dictionary, but those
    of one character (的, 做: mostly particles), unless it has no other (then itself).
    """
    found = [word for word in _jieba().cut(run) if len(word) > 1]
    return found or [run]


def index_parts(text):
    """Return (the non-CJK text, for `english`; the CJK tokens, for `simple`)."""
    other, runs = split(text)
    tokens = []
    for run in runs:
        tokens += [w for w in _jieba().cut_for_search(run) if len(w) > 1]
        tokens += pairs(run)
    return other, " ".join(tokens)


def html_text(html):
    """Return the text of stored HTML: blocks kept apart by a space, entities decoded."""
    spaced = _BLOCK_END.sub(r"\1 ", html or "")
    return " ".join(unescape(strip_tags(spaced)).split())


# --- PostgreSQL ---------------------------------------------------------------------


def document(*weighted_texts):
    """Return the tsvector expression of `(text, weight)` pairs, for storing."""
    vector = None
    for text, weight in weighted_texts:
        other, tokens = index_parts(text)
        parts = [SearchVector(Value(other), weight=weight, config="english")]
        if tokens:
            parts.append(SearchVector(Value(tokens), weight=weight, config="simple"))
        for part in parts:
            vector = part if vector is None else vector + part
    return vector


def _cjk_conditions(query):
    """The tsquery text each CJK run of `query` asks for: every pair of each of its
    words (小程序开发: 小程 & 程序 & 开发; a lone character: any pair it begins),
    negated after a leading minus, as websearch does."""
    text = normalize(query)
    conditions = []
    for match in _CJK_RUN.finditer(text):
        run = match.group(0)
        if len(run) == 1:
            condition = f"'{run}':*"
        else:
            wanted = dict.fromkeys(pair for word in words(run) for pair in pairs(word))
            condition = " & ".join(f"'{pair}'" for pair in wanted)
        before = text[: match.start()]
        if before.endswith("-") and (len(before) == 1 or before[-2].isspace()):
            condition = f"!({condition})"
        conditions.append(f"({condition})")
    return conditions


def search_query(query):
    """Return the SearchQuery matching `query` (English in websearch syntax, stemmed;
    each CJK run by the pairs of its words), or None when nothing is left to search."""
    other, _runs = split(query)
    found = None
    if other.strip():
        found = SearchQuery(other, search_type="websearch", config="english")
    conditions = _cjk_conditions(query)
    if conditions:
        cjk = SearchQuery(" & ".join(conditions), search_type="raw", config="simple")
        found = cjk if found is None else found & cjk
    return found


def rank_query(query):
    """The query that ranks the matches of `search_query(query)`: it again, or any of
    its Chinese words, so that texts using them as words come first."""
    found = search_query(query)
    _other, runs = split(query)
    terms = dict.fromkeys(w for run in runs for w in words(run))
    if found is None or not terms:
        return found
    as_words = " | ".join(f"'{term}'" for term in terms)
    return found | SearchQuery(as_words, search_type="raw", config="simple")


# --- Containment and highlights ------------------------------------------------------


def stem(word):
    """Return `word` lowercased without a common English ending (hosting: host)."""
    word = word.lower()
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


def _english_words(other):
    """The words of a query's non-CJK part that it asks for (not those after a minus,
    nor websearch's "or")."""
    found = []
    for token in other.split():
        if token.startswith("-"):
            continue
        word = token.strip("\"'()[]{}<>,.;:!?*&|+")
        if word and word.lower() != "or":
            found.append(word)
    return found


def containment_terms(query, *, limit=10):
    """Return what a text must contain to match `query`: each English word's stem and
    each word of its CJK runs (小程序开发: 小程序, 开发)."""
    other, runs = split(query)
    terms = [stem(word) for word in _english_words(other)]
    terms += [word for run in runs for word in words(run)]
    return list(dict.fromkeys(terms))[:limit]


def highlighter(query):
    """Return a pattern that finds in a text what `query` matched, or None: English
    words by their stem at a word's start, a CJK run whole where it stands whole, else
    its words, else its pairs."""
    other, runs = split(query)
    cjk = dict.fromkeys(
        term
        for run in runs
        for term in [run, *words(run), *pairs(run)]
        if len(term) > 1 or len(run) == 1
    )
    alternatives = sorted(map(re.escape, cjk), key=len, reverse=True)
    alternatives += [
        f"(?<!{_SPACED_LETTER}){re.escape(stem(word))}{_SPACED_LETTER}*"
        for word in _english_words(other)
    ]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def mark(text, pattern):
    """Return `text` with what `pattern` finds between START and STOP. (Shown as it
    was written: not normalized, or Chinese would lose its full-width commas.)"""
    text = text or ""
    if pattern is None:
        return text
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)


def _width(char):
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def snippet(text, pattern, *, width=SNIPPET_WIDTH):
    """Return about `width` of plain `text` around the first match of `pattern`, the
    matches marked (see `mark`), with an ellipsis where it was cut."""
    text = text or ""
    found = pattern.search(text) if pattern else None
    start = 0
    if found and sum(map(_width, text[: found.start()])) > width // 3:
        start = found.start()
        lead = 0
        while start > 0 and lead + _width(text[start - 1]) <= width // 4:
            start -= 1
            lead += _width(text[start])
        space = text.find(" ", start, found.start())
        if 0 <= space - start < 20:
            start = space + 1
    end, used = start, 0
    while end < len(text) and used + _width(text[end]) <= width:
        used += _width(text[end])
        end += 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start and end - space < 20 and text[end].isalnum():
            end = space
    part = text[start:end].strip()
    if start > 0:
        part = "… " + part
    if end < len(text):
        part += " …"
    return mark(part, pattern)


def marked_html(text):
    """Return safe HTML of plain `text` (HTML entities decoded), its START/STOP
    markers as <mark>."""
    escaped = escape(unescape(text or ""))
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped above
        escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    )
