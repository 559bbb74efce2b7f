"""Parts of pages made once and kept: the header (per current menu item), footer,
sidebar, an article's head, breadcrumbs and content, an article's card (one for every
page that shows it with the same heading level), a list's count, the widgets' data.

With the page cache a visitor's request costs one cache read; without it (a signed-in
user, a visitor with a session, a page not yet cached) the page is rendered, and most of
that rendering is of parts that are the same on many pages or on every request for one
page. Those parts are kept (`kept`, the one get-or-set; `{% fragment %}` in templates),
keyed by the page cache's generation, so any change to content retires them all at
once, exactly as it retires cached pages.

Rules for what may go in a fragment: the same HTML for everyone who sees it (nothing per
visitor, no CSRF token, no "liked" state) and nothing that a staff preview renders
differently; the `{% fragment %}` tag renders afresh (and keeps nothing) on previews.
"""

import hashlib
import sys
import time

from django.core.cache import cache
from django.utils.translation import get_language

from agency.core.cache import ProcessCopies
from agency.core.pagecache import (
    generation,
    page_timeout,
    release,
    request_memo,
    when_answered,
)

# What this process kept last, beside the shared cache: a fragment's key holds the
# generation it was made in, so a copy is right for as long as its key is asked for.
local_fragments = ProcessCopies("AGENCY_FRAGMENTS_LOCAL_BYTES")


def _size(value):
    return len(value) if isinstance(value, str | bytes) else sys.getsizeof(value) * 4


def _unwrap(key, found):
    """The value stored under `key` (as (expires at, value)), kept in this process
    until it expires; None for nothing (or something stored otherwise)."""
    if not (isinstance(found, tuple) and len(found) == 2):
        return None
    expires, value = found
    local_fragments.put(key, value, _size(value), max(0, expires - time.time()))
    return value


def fragment_key(name, vary=()):
    digest = hashlib.md5(repr(tuple(vary)).encode(), usedforsecurity=False).hexdigest()
    # The release (what a fragment is made by, in what shape) and the language (its
    # text is translated) too.
    return (
        f"agency:fragment:{generation()}:{release()}:{get_language()}:{name}:{digest}"
    )


def prefetch(*fragments):
    """Read several fragments in one round trip, ahead of the template asking for each:
    `prefetch(("article-content", [pk]), ...)`, each as `kept` will name it. Only
    within a GET request (the page cache's request memo); elsewhere it does nothing."""
    memo = request_memo()
    if memo is None:
        return
    kept = memo.setdefault("fragments", {})
    keys = [fragment_key(name, vary) for name, vary in fragments]
    wanted = []
    for key in keys:
        if key not in kept:
            kept[key] = local_fragments.get(key)
            if kept[key] is None:
                wanted.append(key)
    if wanted:
        found = cache.get_many(wanted)
        # A key read and not found is a known miss: no second round trip for it.
        kept.update({key: _unwrap(key, found.get(key)) for key in wanted})


def is_kept(name, vary=()):
    """Whether `prefetch` found this fragment (so its data need not be read)."""
    memo = request_memo()
    kept = memo.get("fragments", {}) if memo is not None else {}
    return kept.get(fragment_key(name, vary)) is not None


# The fragments every page's frame shows (header, footer), as the site app names them.
_frame_fragments = []


def frame_fragments_from(func):
    """Register `func(request)`, which returns the (name, vary) pairs of the fragments
    around every page, so views can prefetch them with their own."""
    _frame_fragments.append(func)


def page_fragments(request):
    """The fragments of the frame every page shows, as registered by the site app."""
    return [pair for func in _frame_fragments for pair in func(request)]


def kept(name, make, vary=(), timeout=None):
    """Return what `make()` returns (HTML, a count, a list of rows), from the cache
    while content is unchanged: the one get-or-set of the site.

    `vary`: what else the value depends on (an article's slug, the current menu item).
    `timeout`: seconds at most, for what changes without a save (view counts, the year);
    never longer than the page cache keeps pages, nor than until the next scheduled
    article goes live.
    """
    key = fragment_key(name, vary)
    memo = request_memo()
    prefetched = memo.get("fragments", {}) if memo is not None else {}
    if key in prefetched:
        value = prefetched[key]
    else:
        value = local_fragments.get(key)
        if value is None:
            value = _unwrap(key, cache.get(key))
    if value is None:
        value = make()
        limit = page_timeout()
        seconds = limit if timeout is None else min(timeout, limit)
        _store(memo, key, (time.time() + seconds, value), seconds)
        local_fragments.put(key, value, _size(value), seconds)
        if memo is not None:  # asked again in this request: no second making
            memo.setdefault("fragments", {})[key] = value
    return value


def _store(memo, key, stored, seconds):
    """Keep `stored` in the shared cache: HTML made within a GET request with the
    request's other new HTML in one round trip once its response is made (a cold
    article page makes three); data (rows the rest of the request may still change)
    at once."""
    if memo is None or not isinstance(stored[1], str):
        cache.set(key, stored, seconds)
        return
    waiting = memo.get("fragments_to_store")
    if waiting is None:
        waiting = memo["fragments_to_store"] = {}
        when_answered(lambda: _store_all(waiting))
    waiting.setdefault(seconds, {})[key] = stored


def _store_all(waiting):
    for seconds, stored in waiting.items():
        cache.set_many(stored, seconds)
