"""Who is visiting: bots, a first-party visitor cookie, the visitor's address and its rate.

Infrastructure for any page that counts or remembers visitors (an article's views and
likes): names no app.
"""

import re
import secrets

from agency.core.http import client_ip as agency_client_ip
from agency.core.ratelimit import address_key, rate_hit

VISITOR_COOKIE = "vid"
VISITOR_COOKIE_AGE = 365 * 24 * 60 * 60
_VISITOR_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
# Crawlers (Googlebot, Baiduspider, Bytespider, Sogou web spider...), link previews of
# chat apps, scripts and headless browsers. Not brand names alone: Baidu's and Sogou's
# own browsers (baiduboxapp, SogouMobileBrowser) are people reading.
_BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|whatsapp/|facebookexternalhit|curl/|wget/|"
    r"python|java/|go-http|okhttp|axios|node-fetch|headless|phantomjs|lighthouse",
    re.IGNORECASE,
)


def is_bot(request):
    # From META: request.headers would copy every header first (it runs outside the
    # page cache, on every landing page hit).
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent.strip() or bool(_BOTS.search(agent))


def client_ip(request):
    # The site-wide rule (AGENCY_PROXY_COUNT): never a header the client can forge.
    return agency_client_ip(request) or "unknown"


def visitor_id(request):
    """Return (id, is_new): the first-party visitor cookie, made when missing."""
    current = request.COOKIES.get(VISITOR_COOKIE, "")
    if _VISITOR_ID.match(current):
        return current, False
    return secrets.token_urlsafe(18), True


def visitor_key(request, vid):
    if request.user.is_authenticated:
        return f"u:{request.user.pk}"
    return f"v:{vid}"


def remember_visitor(request, response, vid):
    response.set_cookie(
        VISITOR_COOKIE,
        vid,
        max_age=VISITOR_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def too_many(request, scope, rate):
    """Count this request against its address's `rate` (hits, seconds); return the hit
    when it is over, else None."""
    limit, period = rate
    hit = rate_hit(
        scope=scope, key=address_key(client_ip(request)), limit=limit, period=period
    )
    return None if hit.allowed else hit
