"""A page cache for anonymous visitors.

Every anonymous visitor gets the same HTML for a page, so it is kept in the cache (Redis
when REDIS_URL is set) and served without running the view. Rules that keep it correct:

- Only GET/HEAD requests without a session or messages cookie are served or stored: staff,
  signed-in users and visitors with a pending message always reach the view.
- Only responses that say nothing per visitor are stored: status 200, no Set-Cookie, no
  CSRF token used, no `private`/`no-cache`/`no-store` (previews and forms use never_cache).
- Any change to content shown on pages bumps a generation number; a page is stored with
  the generation it was made in and served only while that is still the current one, so
  one increment retires every cached page at once, in every process (and one round trip
  to the cache reads both). A timeout bounds the age of what changes without a save (view
  counts, scheduled publishing).
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.encoding import iri_to_uri

GENERATION_KEY = "agency:pagecache:generation"
SKIPPED_HEADERS = {"set-cookie", "content-length"}


# The generation read once per GET request (the middleware sets a dict here for the
# request's duration): the page cache, the frame's fragments and the widgets all key on
# it, and each read would otherwise be a round trip to Redis.
_request_memo = ContextVar("agency_pagecache_memo", default=None)


def request_memo():
    """What this GET request has read from the cache already (None outside one)."""
    return _request_memo.get()


def generation():
    memo = _request_memo.get()
    if memo is None:
        value = cache.get(GENERATION_KEY)
    elif "generation" in memo:
        return memo["generation"]
    else:
        # One round trip for what nearly every page reads first: this and the frame.
        from agency.frame import FRAME_CACHE_KEY

        found = cache.get_many([GENERATION_KEY, FRAME_CACHE_KEY])
        if FRAME_CACHE_KEY in found:
            memo.setdefault("frame", found[FRAME_CACHE_KEY])
        value = found.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    if memo is not None:
        memo["generation"] = value
    return value


def invalidate_pages(**kwargs):
    """Retire every cached page (each process sees the new generation at once)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


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
    from agency.scheduling import seconds_until_next_publication

    memo = _request_memo.get()
    if memo is None:
        due = seconds_until_next_publication()
    else:
        # Asked once per request (a page and its fragments are stored together).
        if "due" not in memo:
            memo["due"] = seconds_until_next_publication()
        due = memo["due"]
    if due is not None:
        timeout = max(1, min(timeout, due))
    return timeout


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

    def key(self, request):
        url = iri_to_uri(request.get_full_path())
        return f"agency:page:{request.get_host()}:{url}"

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
        key = self.key(request)
        # One round trip for both: each page is stored with the generation it was made
        # in, and only a page of the current generation is served.
        found = cache.get_many([GENERATION_KEY, key])
        if GENERATION_KEY in found:
            _request_memo.get()["generation"] = found[GENERATION_KEY]
        current = generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            _generation, content, status, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if self.response_is_cacheable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            cache.set(
                key,
                (current, response.content, response.status_code, headers),
                page_timeout(),
            )
            response["X-Page-Cache"] = "MISS"
        return response
