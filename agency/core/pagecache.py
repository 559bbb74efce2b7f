"""A page cache for anonymous visitors.

(Longer than 400 lines on purpose: this is the one caching rule, the generation, and
the middleware that serves by it; splitting them would put the rule in two places.)

Every anonymous visitor gets the same HTML for a page, so it is kept in the cache (Redis
when REDIS_URL is set) and served without running the view. Rules that keep it correct:

- Only GET/HEAD requests without a session or messages cookie are served or stored: staff,
  signed-in users and visitors with a pending message always reach the view.
- Only responses that say nothing per visitor are stored: status 200, no Set-Cookie, no
  CSRF token used, no `private`/`no-cache`/`no-store` (previews and forms use never_cache).
- A page is kept once per host pattern of ALLOWED_HOSTS and per use of the query
  parameters public views read (AGENCY_PAGE_CACHE_QUERY_PARAMS): the view sees only
  those, so utm_* tags and junk neither change the page nor make a new copy of it. A
  page whose view never looked at its query is kept once for every query; one that did
  is kept per value, at most AGENCY_PAGE_CACHE_VARIANTS copies per path and generation,
  so free text (`?q=`, unknown slugs) cannot fill the cache either.
- Any change to content shown on pages raises a generation number; a page is stored with
  the generation it was made in and served only while that is still the current one, so
  one increment retires every cached page at once, in every process. A timeout bounds
  the age of what changes without a save (view counts, scheduled publishing).
- Each process also keeps its own copy of the pages it served last (ProcessCopies), and
  knows the generation without asking while Redis announces every change to it
  (KnownNumbers): a hit then costs no round trip at all.
- After a change, one request renders a page while the others are served the copy from
  before (stale-while-revalidate, with a lock per page and generation): one render per
  page per change, however many visitors wait for it. The same holds when a page's time
  is up (its timeout, a scheduled article due): the shared copy is kept as long again
  past its freshness, to serve stale while one request renders it anew, so an expiry is
  no stampede either. Erasure raises a floor below which nothing is served, stale or not.
- Pages stored here tell a CDN in front how long it may keep them (public_cache_control).
"""

import functools
import hashlib
import logging
import math
import os
import time
from contextvars import ContextVar
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import iri_to_uri

from agency.core.cache import ProcessCopies, announce_on_clear, delete_matching

GENERATION_KEY = "agency:pagecache:generation"
# No copy made in a generation below this one is served, not even stale (erasure).
FLOOR_KEY = "agency:pagecache:floor"
PAGE_PREFIX = "agency:page:"
RENDER_LOCK_PREFIX = "agency:page-render:"
# Announced (Redis pub/sub) whenever the generation or the floor changes.
CHANNEL = "agency:pagecache:changed"
announce_on_clear(CHANNEL)
VARIANTS_PREFIX = "agency:page-variants:"
# Everything kept under a generation (agency.core.fragments keys its fragments so).
GENERATION_KEYED = (PAGE_PREFIX, VARIANTS_PREFIX, "agency:fragment:")

logger = logging.getLogger(__name__)


# What a release's pages and kept data are made by: the project's code, templates and
# messages, and the pinned packages.
RELEASE_SOURCES = ("agency", "articles", "services", "leads", "templates", "locale")
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".js", ".json", ".po"}


@functools.cache
def release():
    """This release, as a short digest of what makes pages and kept data: the static
    files' build (their manifest's hash) and the contents of the project's code,
    templates, messages and lock file. Every kept page and fragment is keyed by it, so
    after a deploy nothing kept by the release before is served or read: no page that
    names static files the new build lacks, no rows of a shape the new code does not
    read (a tuple grown by a column), whether or not a static file changed.

    Read once a process, as it starts (CoreConfig.ready; about 20 ms on the project's
    ~360 files): a file that cannot be read stops the start, not a request."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    digest = hashlib.md5(usedforsecurity=False)
    digest.update((getattr(staticfiles_storage, "manifest_hash", "") or "").encode())
    base = Path(settings.BASE_DIR)
    files = [base / "requirements.lock"]
    for top in RELEASE_SOURCES:
        files += sorted(
            path
            for path in (base / top).rglob("*")
            if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts
        )
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(base)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


SKIPPED_HEADERS = {"set-cookie", "content-length"}
# Parameters whose value is a page number: `?page=02` is `?page=2`.
NUMBER_PARAMS = {"page", "p"}


# The generation read once per GET request (the middleware sets a dict here for the
# request's duration): the page cache, the frame's fragments and the widgets all key on
# it, and each read would otherwise be a round trip to Redis.
_request_memo = ContextVar("agency_pagecache_memo", default=None)


def request_memo():
    """What this GET request has read from the cache already (None outside one)."""
    return _request_memo.get()


def when_answered(func):
    """Call `func()` once this GET request's response is made (writes gathered into
    one round trip), or now outside one."""
    memo = _request_memo.get()
    if memo is None:
        func()
    else:
        memo.setdefault("when_answered", []).append(func)


# What the apps above register with the page cache, in their AppConfig.ready():
_companions = {}  # memo name -> cache key read in the generation's round trip
_deadlines = []  # each returns seconds until content changes without a save, or None


def read_with_generation(name, key):
    """Read `key` in the same round trip as the generation; request_memo()[name] then
    holds what was found (None for nothing) for the rest of the request. Its value is
    stored with the generation it was made in, as a page is, and used only while that
    is current (see agency.site.frame)."""
    _companions[name] = key


def expires_within(func):
    """Keep nothing longer than the seconds `func()` returns (None: no limit): content
    that changes on its own at a known time, such as a scheduled article going live."""
    if func not in _deadlines:
        _deadlines.append(func)


# (generation, the moment content next changes on its own or None), as last asked.
_next_change = [None, None]


def _seconds_until_due():
    """Seconds until content changes on its own (the registered deadlines), or None:
    asked once per generation in each process (only a save, which raises it, can move
    that moment) and again when the moment has passed."""
    current, now = generation(), time.time()
    made_in, moment = _next_change
    if made_in != current or (moment is not None and moment <= now):
        due = [seconds for func in _deadlines if (seconds := func()) is not None]
        moment = now + min(due) if due else None
        _next_change[:] = [current, moment]
    return None if moment is None else max(1, math.ceil(moment - now))


def generation():
    return numbers()[0]


def numbers():
    """(generation, floor): known to this process while Redis announces changes, else
    read in one round trip with the keys registered with read_with_generation (the
    site's frame); once per request (the request memo)."""
    memo = _request_memo.get()
    if memo is not None and "numbers" in memo:
        return memo["numbers"]
    known_now, epoch = known.get(), known.epoch
    if known_now is not None:
        value, floor = known_now
    else:
        found = cache.get_many([GENERATION_KEY, FLOOR_KEY, *_companions.values()])
        if memo is not None:
            for name, key in _companions.items():
                memo.setdefault(name, found.get(key))
        value, floor = found.get(GENERATION_KEY), found.get(FLOOR_KEY) or 0
        if value is not None:
            known.remember(epoch, (value, floor))
    if value is None:
        if cache.add(GENERATION_KEY, _fresh_generation(), timeout=None):
            _announce()  # a new one (the key was evicted): older copies are retired
        value = cache.get(GENERATION_KEY)
    if value is None:
        # The cache cannot hold one (down, or full): a generation no copy was made in,
        # so nothing kept is served, not even stale, until it can.
        value = -time.time_ns()
    if memo is not None:
        memo["numbers"] = (value, floor)
    return value, floor


def _fresh_generation():
    """A first generation from the clock (microseconds), never one that a process may
    still hold copies from, as counting from 1 again after a flushed Redis would be."""
    return time.time_ns() // 1000


class KnownNumbers:
    """The generation and the floor as this process last read them, trusted while it
    listens to their announcements (Redis pub/sub, agency.core.cache) and none came
    since: then a page this process holds is served without asking Redis anything.

    Every change announces itself (a raised generation, a floor, a cleared cache); a
    lost subscription forgets what was read, and until it is made again every request
    reads the numbers from the cache, as when nothing is known. With a cache that
    cannot announce (the per-process memory cache of `make run`), nothing is known and
    the numbers are read each time (from memory, so at no cost)."""

    def __init__(self):
        self.listener = None  # (process id, cache location) listened to
        self.listening = False
        self.epoch = 0
        self.numbers = None

    def on_change(self, listener, event):
        if listener != self.listener:
            return  # a listener of a cache no longer in use (settings changed)
        self.epoch += 1
        self.numbers = None
        self.listening = event != "lost"

    def get(self):
        """(generation, floor), or None when they must be read."""
        if self.listener is None or self.listener[0] != os.getpid():
            self.listen()
        return self.numbers

    def listen(self):
        """Start again: in a new process (a forked worker) or with another cache."""
        backend = caches[DEFAULT_CACHE_ALIAS]
        listener = (os.getpid(), getattr(backend, "location", None))
        self.listener, self.listening, self.numbers = listener, False, None
        self.epoch += 1
        if hasattr(backend, "listen"):
            backend.listen(CHANNEL, partial(self.on_change, listener))

    def settings_changed(self, *, setting, **kwargs):
        if setting == "CACHES":
            self.listener = None  # the cache is another one: listen to it

    def remember(self, epoch, numbers):
        """Keep what was read, if no announcement came since `epoch` was current."""
        if self.listening and epoch == self.epoch and numbers[0] > 0:
            self.numbers = numbers

    def forget(self):
        self.epoch += 1
        self.numbers = None


known = KnownNumbers()
setting_changed.connect(known.settings_changed)


def _announce():
    """Tell every process that the numbers changed (each forgets what it read; this
    one at once)."""
    known.forget()
    announce = getattr(cache, "announce", None)
    if announce is not None:
        announce(CHANNEL)


def invalidate_pages(**kwargs):
    """Retire every cached page (each process sees the new generation at once).

    Inside a transaction, when it commits: until then every other request reads the
    content from before, so what it keeps under the current generation is right, and
    after the commit each page is rendered once, from the new content. The signals of
    one save (the object, its tags, its inlines) raise it once (Django keeps a
    transaction's callbacks in `run_on_commit`).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _raise_generation()
    elif not any(entry[1] is _raise_generation for entry in connection.run_on_commit):
        transaction.on_commit(_raise_generation)


def _raise_generation():
    try:
        raised = cache.incr(GENERATION_KEY)
    except ValueError:
        raised = cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
    if not raised:
        # The cache refused the write (a full Redis still allows deletes): remove what
        # the unchanged generation would go on serving, and the generation itself, so
        # that copies held by the processes are not served either.
        for prefix in GENERATION_KEYED:
            delete_matching(prefix)
        cache.delete_many([GENERATION_KEY, *_companions.values()])
    _announce()
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def forget_pages():
    """Retire every cached page and remove the stored copies from the cache.

    For erasure: a page kept from before (a search for someone's e-mail, say) must not
    stay in the cache until it expires.
    """
    invalidate_pages()
    # Nothing made before now is served again, not even while a page is re-rendered
    # (other processes' own copies included).
    cache.set(FLOOR_KEY, generation(), timeout=None)
    _announce()
    local_pages.clear()
    delete_matching(PAGE_PREFIX)
    delete_matching(VARIANTS_PREFIX)


def invalidate_pages_on(*models):
    """Retire the cached pages whenever one of `models` is saved, deleted or re-tagged."""
    for model in models:
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"{uid}-del")
        for field in model._meta.many_to_many:
            through = getattr(model, field.name).through
            m2m_changed.connect(
                invalidate_pages, sender=through, dispatch_uid=f"{uid}-{field.name}"
            )


def page_timeout():
    """Seconds to keep a page: the setting, or less when a scheduled article is due."""
    timeout = settings.AGENCY_PAGE_CACHE_SECONDS

    memo = _request_memo.get()
    if memo is None:
        due = _seconds_until_due()
    else:
        # Asked once per request (a page and its fragments are stored together).
        if "due" not in memo:
            memo["due"] = _seconds_until_due()
        due = memo["due"]
    if due is not None:
        timeout = max(1, min(timeout, due))
    return timeout


class WatchedQuery(QueryDict):
    """request.GET as a cached view sees it: notes whether the view read it at all."""

    read = False

    def __getattribute__(self, name):
        if not name.startswith("_") and name != "read":
            object.__setattr__(self, "read", True)
        return super().__getattribute__(name)


def _watching(name):
    def method(self, *args, **kwargs):
        object.__setattr__(self, "read", True)
        return getattr(QueryDict, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "__getitem__",
    "__contains__",
    "__iter__",
    "__len__",
    "__eq__",
    "__copy__",
    "__deepcopy__",
    "__getstate__",
):
    setattr(WatchedQuery, _name, _watching(_name))


def canonical_query(request):
    """The query string a cached page may depend on: only the allowed parameters, one
    value each (the last, as `GET.get` reads), none empty, in a fixed order."""
    if not request.META.get("QUERY_STRING"):
        return ""  # most requests: no need to parse one
    allowed = settings.AGENCY_PAGE_CACHE_QUERY_PARAMS
    params = []
    for name in sorted(set(request.GET) & set(allowed)):
        value = " ".join(request.GET.get(name, "").split())
        if name in NUMBER_PARAMS and value.isdigit():
            value = str(int(value))
        if value:
            params.append((name, value))
    return urlencode(params)


def cache_host(request):
    """The ALLOWED_HOSTS entry this request's host matched, lower case and without the
    port: `EXAMPLE.com:443`, `example.com.` and `example.com` share one copy, and a
    wildcard entry (`.example.com`) keeps one copy for all its subdomains."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return _host_pattern(request.get_host(), tuple(allowed))


@functools.lru_cache(maxsize=256)
def _host_pattern(host, allowed):
    """cache_host's answer for a validated host, remembered: it is asked on every
    cacheable request, and a site answers to a few names (bounded: a wildcard entry
    admits any subdomain)."""
    domain, _port = split_domain_port(host)
    for pattern in allowed:
        if validate_host(domain, [pattern]):
            return pattern.lower()
    return domain


def _generation_of(stored):
    """The generation a stored page was made in (None for anything else)."""
    if isinstance(stored, tuple) and len(stored) == 6:
        return stored[0]
    return None


# Pages this process served last, at most AGENCY_PAGE_CACHE_LOCAL_BYTES of them.
local_pages = ProcessCopies("AGENCY_PAGE_CACHE_LOCAL_BYTES")


_key_parts = []


def key_varies_with(func):
    """Register `func(request)`: a word for the version of a page this visitor is shown
    (a landing page's variant), "" for the page everyone gets. The page is kept once
    per version. The function runs on every cacheable request: it must be cheap (read
    what an outer middleware put on the request)."""
    _key_parts.append(func)
    return func


def public_cache_control(response):
    """What shared caches (a CDN) may do with a page every anonymous visitor gets:
    keep it AGENCY_CDN_SECONDS, then serve it stale while fetching it again (for up to
    AGENCY_CDN_STALE_SECONDS). Browsers check again each time (max-age=0), so a visitor
    never holds an old copy. View counts stay exact: the beacon is a POST of its own."""
    if "Cache-Control" not in response:
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.AGENCY_CDN_SECONDS}, "
            f"stale-while-revalidate={settings.AGENCY_CDN_STALE_SECONDS}"
        )


class PageCacheMiddleware:
    """Serve and store pages for anonymous visitors (see the module's docstring).

    A hit costs one read of two numbers from the shared cache (the generation, and the
    floor below which no stale copy may be served) when this process holds the page,
    and one read of the page with them when it does not.

    When content changes, the first request for a page renders it afresh, holding a
    short lock; requests that come meanwhile get the copy from before the change
    (X-Page-Cache: STALE) instead of rendering it too: one render per page per change,
    whatever the traffic. Erasure (forget_pages) raises the floor, so nothing kept from
    before it is served stale.
    """

    RENDER_LOCK_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def request_is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        return not request.path.startswith(settings.AGENCY_PAGE_CACHE_EXCLUDED_PATHS)

    def response_is_cacheable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
            "CSRF_COOKIE_USED"
        ):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-cache", "no-store")):
            return False
        return response.get("Content-Type", "").startswith(
            (
                "text/html",
                "application/xml",
                "application/rss+xml",
                "application/atom+xml",
                "text/plain",
            )
        )

    def key(self, request, query=""):
        """The key of this request's page, for `query` (a canonical query string), and
        for the version of it this visitor is shown (`key_varies_with`)."""
        path = iri_to_uri(request.path)
        key = f"{PAGE_PREFIX}{release()}:{cache_host(request)}:{path}"
        version = "".join(part(request) for part in _key_parts)
        if version:
            key = f"{key}#{version}"
        return f"{key}?{query}" if query else key

    def may_store_variant(self, request, query, current, timeout):
        """Count one more copy of this path for these parameter names; False past the
        limit, or when the count cannot be kept (the cache is down or full)."""
        names = ",".join(name for name, _value in QueryDict(query).items())
        path = self.key(request).removeprefix(PAGE_PREFIX)
        counter = f"{VARIANTS_PREFIX}{current}:{path}:{names}"
        cache.add(counter, 0, timeout)
        try:
            count = cache.incr(counter)
        except ValueError:  # the counter could not be stored
            return False
        return 0 < count <= settings.AGENCY_PAGE_CACHE_VARIANTS

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        memo = {}
        token = _request_memo.set(memo)
        try:
            return self.serve(request)
        finally:
            _request_memo.reset(token)
            for func in memo.get("when_answered", ()):
                try:
                    func()
                except Exception:  # the response is made: the rest still runs
                    logger.exception("After answering %s", request.path)

    def candidates(self, request, query):
        """[(key, whether a copy there serves this query)]: the page for this query,
        then, with a query, the page of a view that never reads it."""
        bare = self.key(request)
        if not query:
            return [(bare, True)]
        return [(self.key(request, query), True), (bare, False)]

    def lookup(self, candidates):
        """Return (current generation, floor, {key: stored copy}): without asking the
        cache when this process holds a current copy and knows the numbers (see
        KnownNumbers), else reading the page's shared copies too."""
        current, floor = numbers()
        copies = {key: local_pages.get(key) for key, _any in candidates}
        if any(_generation_of(copy) == current for copy in copies.values()):
            return current, floor, copies
        found = cache.get_many(list(copies))
        for key, stored in found.items():
            made_in = _generation_of(stored)
            if made_in is not None and (
                copies[key] is None or _generation_of(copies[key]) < made_in
            ):
                copies[key] = stored
                if made_in == current:
                    left = stored[5] - time.time()
                    local_pages.put(key, stored, len(stored[1]), max(0, left))
        return current, floor, copies

    def serve(self, request):
        if not settings.AGENCY_PAGE_CACHE or not self.request_is_cacheable(request):
            return self.get_response(request)
        query = canonical_query(request)
        candidates = self.candidates(request, query)
        current, floor, copies = self.lookup(candidates)
        stale = None
        now = time.time()
        for key, serves_any_query in candidates:
            stored = copies[key]
            made_in = _generation_of(stored)
            if made_in is None or not (serves_any_query or not stored[4]):
                continue
            if made_in == current and stored[5] > now:
                return self.respond(stored, "HIT")
            if stale is None and floor <= made_in <= current:
                stale = stored  # from before a change, or past its time
        if stale is None:
            return self.render(request, query, candidates, current)
        held = self.render_locks(f"{current}:{candidates[0][0]}")
        if not held:
            return self.respond(stale, "STALE")
        try:
            # The request that held the lock before may have stored the page between
            # this one's lookup and its taking the lock: render once per change.
            found = cache.get_many([key for key, _any in candidates])
            for key, serves_any_query in candidates:
                stored = found.get(key)
                if (
                    _generation_of(stored) == current
                    and stored[5] > time.time()
                    and (serves_any_query or not stored[4])
                ):
                    return self.respond(stored, "HIT")
            return self.render(request, query, candidates, current)
        finally:
            cache.delete_many(held)

    def render_locks(self, page):
        """The locks to render `page` again while its old copy is there to serve: its
        own (no one else is rendering it) and one of AGENCY_PAGE_CACHE_RENDER_SLOTS
        shared by all processes (so that after a change, re-rendering every page does
        not take every worker while visitors wait: the others go on serving). Returns
        the keys held, or [] (holding none) when either is taken."""
        lock = f"{RENDER_LOCK_PREFIX}{page}"
        if not cache.add(lock, 1, self.RENDER_LOCK_SECONDS):
            return []  # another request is rendering this page
        for slot in range(settings.AGENCY_PAGE_CACHE_RENDER_SLOTS):
            key = f"{RENDER_LOCK_PREFIX}slot:{slot}"
            if cache.add(key, 1, self.RENDER_LOCK_SECONDS):
                return [lock, key]
        cache.delete(lock)
        return []

    @staticmethod
    def respond(stored, how):
        _generation, content, status, headers, _read_query, _expires = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = how
        return response

    def render(self, request, query, candidates, current):
        # The view sees only what the key holds, so what it renders (pagination links
        # keep the query) is the same for every request that shares the key.
        original = request.GET
        watched = WatchedQuery(query)
        object.__setattr__(watched, "read", False)
        request.GET = watched
        try:
            response = self.get_response(request)
        finally:
            request.GET = original
        if not self.response_is_cacheable(request, response):
            return response
        timeout = page_timeout()
        read_query = watched.read
        key = candidates[0][0]
        if not (query and read_query):
            key = candidates[-1][0]
        elif not self.may_store_variant(request, query, current, timeout):
            return response
        public_cache_control(response)
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in SKIPPED_HEADERS
        )
        expires = time.time() + timeout  # so that a process's copy expires with it
        stored = (
            current,
            response.content,
            response.status_code,
            headers,
            read_query,
            expires,
        )
        # Kept as long again past its time: served stale while it is rendered anew.
        cache.set(key, stored, 2 * timeout)
        local_pages.put(key, stored, len(stored[1]), timeout)
        response["X-Page-Cache"] = "MISS"
        return response
