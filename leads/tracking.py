"""Where a visitor came from: first and latest touch, traffic source, client IP.

`TouchMiddleware` remembers, in a signed cookie, the landing page, referrer and UTM
parameters of the visit that brought the visitor (first touch, set once) and of the
latest visit that came from a campaign or another site (last touch). It writes the
cookie only on such visits: a visitor who types the address or clicks inside the site
gets no Set-Cookie, so the pages they see stay identical for everyone and can be served
from a shared page cache.
"""

import hashlib
import hmac
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .models import Lead

TOUCH_COOKIE = "lead_touch"
TOUCH_SALT = "leads.touch"
TOUCH_MAX_AGE = 60 * 60 * 24 * 90
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/ckeditor/", "/contact/token/")

SEARCH_HOSTS = (
    "google.",
    "bing.",
    "baidu.",
    "sogou.",
    "so.com",
    "duckduckgo.",
    "yandex.",
)
SOCIAL_HOSTS = (
    "weibo.",
    "weixin.",
    "wechat.",
    "qq.com",
    "douyin.",
    "xiaohongshu.",
    "zhihu.",
    "linkedin.",
    "lnkd.in",
    "facebook.",
    "instagram.",
    "t.co",
    "x.com",
    "twitter.",
    "youtube.",
    "bilibili.",
)
SOCIAL_MEDIUMS = {"social", "social-media", "sm", "paid-social"}
EMAIL_MEDIUMS = {"email", "e-mail", "newsletter"}


def _clip(value, length):
    return str(value or "")[:length]


LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")


def page_address(url):
    """Return `url` as a page address to store: no fragment, and no query parameter but
    the UTM keys (a query can carry an e-mail, a search or a token; campaigns are kept)."""
    try:
        parts = urlsplit(url or "")
        pairs = parse_qsl(parts.query)
    except ValueError:
        return ""
    query = urlencode([(key, value) for key, value in pairs if key in UTM_KEYS])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def local_path(value, length=500):
    """Return `value` if it is a plain path on this site, else "", as a page address to
    store (`page_address`).

    No scheme, no host, no "//", no whitespace or backslash (which browsers would read as
    another site): such a value is safe in a link in the admin.
    """
    value = (value or "").strip()
    if len(value) > length or not LOCAL_PATH.fullmatch(value):
        return ""
    return page_address(value)


def referrer_host(referrer):
    try:
        return (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return ""


def is_external_referrer(request, referrer):
    host = referrer_host(referrer)
    if not host:
        return False
    own = request.get_host().split(":")[0].lower()
    return host != own and host not in {h.lstrip(".") for h in settings.ALLOWED_HOSTS}


def touch_from_request(request):
    """Return this request's touch (landing, referrer, utm_*), or None if it is none."""
    utm = {
        key: _clip(request.GET[key], 100) for key in UTM_KEYS if request.GET.get(key)
    }
    referrer = request.headers.get("Referer", "")
    external = is_external_referrer(request, referrer)
    if not utm and not external:
        return None
    return {
        "landing": _clip(page_address(request.get_full_path()), 300),
        "referrer": _clip(page_address(referrer), 300) if external else "",
        **utm,
        "at": timezone.now().isoformat(timespec="seconds"),
    }


def read_touches(request):
    """Return (first, last) touch from the visitor's cookie, each a dict (maybe empty)."""
    try:
        data = signing.loads(
            request.COOKIES[TOUCH_COOKIE], salt=TOUCH_SALT, max_age=TOUCH_MAX_AGE
        )
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        return {}, {}
    if not isinstance(data, dict):
        return {}, {}
    first, last = data.get("f") or {}, data.get("l") or {}
    if not isinstance(first, dict) or not isinstance(last, dict):
        return {}, {}
    return first, last


class TouchMiddleware:
    """Remember the first and the latest campaign or referral visit in a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET" or request.path.startswith(SKIP_PREFIXES):
            return response
        meta = request.META
        if not meta.get("QUERY_STRING") and not meta.get("HTTP_REFERER"):
            return response  # neither a campaign nor a referral: nothing to remember
        if response.status_code != 200 or not response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            return response
        touch = touch_from_request(request)
        if touch is None:
            return response
        first, _last = read_touches(request)
        value = signing.dumps({"f": first or touch, "l": touch}, salt=TOUCH_SALT)
        response.set_cookie(
            TOUCH_COOKIE,
            value,
            max_age=TOUCH_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        # A response that sets this visitor's cookie must never be served to another
        # visitor from a shared cache.
        patch_cache_control(response, private=True)
        return response


def host_matches(host, patterns):
    """Whether `host` is named by a pattern: "google." (any label) or "qq.com" (domain)."""
    dotted = f".{host}"
    for pattern in patterns:
        if pattern.endswith("."):
            if f".{pattern}" in dotted:
                return True
        elif host == pattern or host.endswith(f".{pattern}"):
            return True
    return False


def classify_source(touch):
    """Return the Lead.Source of a touch: campaign, search, social, referral or direct."""
    if not touch:
        return Lead.Source.DIRECT
    medium = (touch.get("utm_medium") or "").lower()
    utm_source = (touch.get("utm_source") or "").lower()
    host = referrer_host(touch.get("referrer", ""))
    if medium in EMAIL_MEDIUMS:
        return Lead.Source.EMAIL
    if medium in SOCIAL_MEDIUMS:
        return Lead.Source.SOCIAL
    if utm_source or medium or touch.get("utm_campaign"):
        return Lead.Source.CAMPAIGN
    if host_matches(host, SEARCH_HOSTS):
        return Lead.Source.SEARCH
    if host_matches(host, SOCIAL_HOSTS):
        return Lead.Source.SOCIAL
    if host:
        return Lead.Source.REFERRAL
    return Lead.Source.DIRECT


def ip_key(ip):
    """A keyed hash of the full address, for rate limits and the "hash" storage mode."""
    return hmac.new(
        settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256
    ).hexdigest()[:32]


def ip_for_storage(ip):
    mode = settings.AGENCY_LEADS_IP_MODE
    if not ip or mode == "none":
        return ""
    if mode == "hash":
        return ip_key(ip)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return str(network.network_address)
