"""A page cache for anonymous visitors.

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
- Any change to content shown on pages bumps a generation number; a page is stored with
  the generation it was made in and served only while that is still the current one, so
  one increment retires every cached page at once, in every process (and one round trip
  to the cache reads both). A timeout bounds the age of what changes without a save (view
  counts, scheduled publishing).
"""

from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import iri_to_uri

from agency.core.cache import delete_matching

GENERATION_KEY = "agency:pagecache:generation"
PAGE_PREFIX = "agency:page:"
VARIANTS_PREFIX = "agency:page-variants:"
# Everything kept under a generation (agency.core.fragments keys its fragments so).
GENERATION_KEYED = (PAGE_PREFIX, VARIANTS_PREFIX, "agency:fragment:")
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


def _seconds_until_due():
    due = [seconds for func in _deadlines if (seconds := func()) is not None]
    return min(due) if due else None


def generation():
    memo = _request_memo.get()
    if memo is None:
        value = cache.get(GENERATION_KEY)
    elif "generation" in memo:
        return memo["generation"]
    else:
        # One round trip for what nearly every page reads first: this and the keys
        # registered with read_with_generation (the site's frame).
        found = cache.get_many([GENERATION_KEY, *_companions.values()])
        for name, key in _companions.items():
            memo.setdefault(name, found.get(key))
        value = found.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    if memo is not None:
        memo["generation"] = value
    return value


def invalidate_pages(**kwargs):
    """Retire every cached page (each process sees the new generation at once).

    Raised at once and again when the saving transaction commits: a request served in
    between reads the content from before the commit, and what it stores under the
    first new generation must not outlive the second.
    """
    _raise_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_raise_generation)


def _raise_generation():
    try:
        raised = cache.incr(GENERATION_KEY)
    except ValueError:
        raised = cache.add(GENERATION_KEY, 2, timeout=None)
    if not raised:
        # The cache refused the write (a full Redis still allows deletes): remove what
        # the unchanged generation would go on serving.
        for prefix in GENERATION_KEYED:
            delete_matching(prefix)
        cache.delete_many(list(_companions.values()))
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def forget_pages():
    """Retire every cached page and remove the stored copies from the cache.

    For erasure: a page kept from before (a search for someone's e-mail, say) must not
    stay in the cache until it expires.
    """
    invalidate_pages()
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
    domain, _port = split_domain_port(request.get_host())
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    for pattern in allowed:
        if validate_host(domain, [pattern]):
            return pattern.lower()
    return domain


def _current(stored, generation_now):
    return (
        isinstance(stored, tuple) and len(stored) == 5 and stored[0] == generation_now
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def request_is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
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
        """The key of this request's page, for `query` (a canonical query string)."""
        path = iri_to_uri(request.path)
        key = f"{PAGE_PREFIX}{cache_host(request)}:{path}"
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
            return self.serve(request)
        token = _request_memo.set({})
        try:
            return self.serve(request)
        finally:
            _request_memo.reset(token)

    def serve(self, request):
        if not settings.AGENCY_PAGE_CACHE or not self.request_is_cacheable(request):
            return self.get_response(request)
        query = canonical_query(request)
        bare_key = self.key(request)
        key = self.key(request, query)
        # One round trip for all: each page is stored with the generation it was made
        # in, and only a page of the current generation is served.
        found = cache.get_many(list(dict.fromkeys([GENERATION_KEY, key, bare_key])))
        if GENERATION_KEY in found:
            _request_memo.get()["generation"] = found[GENERATION_KEY]
        current = generation()
        stored = found.get(key)
        if not _current(stored, current) and query:
            # A page whose view never reads its query is the same for every query.
            stored = found.get(bare_key)
            if _current(stored, current) and stored[4]:
                stored = None
        if _current(stored, current):
            _generation, content, status, headers, _read_query = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "HIT"
            return response
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
        if self.response_is_cacheable(request, response):
            timeout = page_timeout()
            read_query = watched.read
            if not (query and read_query):
                key = bare_key
            elif not self.may_store_variant(request, query, current, timeout):
                return response
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            cache.set(
                key,
                (current, response.content, response.status_code, headers, read_query),
                timeout,
            )
            response["X-Page-Cache"] = "MISS"
        return response
