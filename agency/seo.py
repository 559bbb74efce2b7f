"""What search engines and social networks read about a page.

`page_meta(context)` works out a page's title, description, canonical address and share
image from what its view put in the template context, most specific first:

1. `meta_title`, `meta_description`, `meta_image`, `og_type`, `canonical_url`: set by a
   view (or a template with `{% with %}`) to say exactly what it wants;
2. `seo_object`, else `object` (every DetailView sets it): its `meta_title` and
   `meta_description` (or `seo_title`, `title`, `name`...), its `cover` or `image`, its
   `get_absolute_url()`;
3. the last breadcrumb's label (list pages), then the site settings.

Every address is absolute on `settings.SITE_URL`, never on the request's host, so a page
fetched through another name still points search engines at the public one. The JSON-LD
builders return plain dicts; `json_ld_script()` escapes them for a script element.
"""

import hashlib
import html
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

DESCRIPTION_LENGTH = 300
HEADLINE_LENGTH = 110
CARD_SIZE = (1200, 630)

# Objects without an image of their own get a generated card from this URL name, which
# takes the object's slug. Apps are named by label so this module imports none of them.
GENERATED_CARD_ROUTES = {"articles.article": "article_card"}
OG_TYPES = {"articles.article": "article"}


def hash_text(text):
    """Return a short stable digest of `text`, for cache keys and ETags."""
    return hashlib.sha256(str(text).encode()).hexdigest()[:20]


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute_url(url):
    """Return `url` (a path, or already absolute) as an absolute URL on SITE_URL."""
    if not url:
        return ""
    url = str(url)
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(site_url()).scheme}:{url}"
    if not url.startswith("/"):
        url = f"/{url}"
    return f"{site_url()}{url}"


def file_url(field_file):
    """Return the absolute URL of an uploaded file, or "" when there is none."""
    if not field_file:
        return ""
    try:
        return absolute_url(field_file.url)
    except ValueError:
        return ""


def clean_text(value, length=DESCRIPTION_LENGTH, *, markup=False):
    """Return `value` on one line, at most `length` characters.

    Titles and descriptions are plain text (a title may well mention `<video>`), so
    only `markup=True` strips tags and decodes entities, for text made from HTML.
    """
    text = str(value or "")
    if markup:
        text = html.unescape(strip_tags(text))
    text = " ".join(text.split())
    return Truncator(text).chars(length) if length else text


def label_of(obj):
    return obj._meta.label_lower if hasattr(obj, "_meta") else ""


def object_title(obj):
    for name in ("meta_title", "seo_title", "title", "name", "display_name"):
        value = getattr(obj, name, "")
        if value:
            return str(value)
    return str(obj)


def object_description(obj):
    for name in ("meta_description", "seo_description", "summary", "excerpt"):
        value = getattr(obj, name, "")
        if value:
            return clean_text(value)
    return ""


def object_image(obj):
    """Return the object's own picture (a FieldFile), or None."""
    for name in ("cover", "image"):
        value = getattr(obj, name, None)
        if value:
            return value
    return None


def generated_card_url(obj):
    route = GENERATED_CARD_ROUTES.get(label_of(obj))
    if not route or not getattr(obj, "slug", ""):
        return ""
    try:
        return absolute_url(reverse(route, kwargs={"slug": obj.slug}))
    except NoReverseMatch:
        return ""


def site_card_url():
    try:
        return absolute_url(reverse("site_card"))
    except NoReverseMatch:
        return ""


def x_handle(url):
    """Return "@name" for an X (Twitter) profile URL, or ""."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.hostname not in {"x.com", "twitter.com", "www.x.com", "www.twitter.com"}:
        return ""
    name = parts.path.strip("/").split("/")[0]
    return f"@{name}" if name else ""


def og_locale():
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return "zh_CN" if language.startswith("zh") else "en_US"


@dataclass
class PageMeta:
    """Everything the head of one page says about it to robots and share previews."""

    site_name: str
    title: str
    document_title: str
    description: str
    canonical: str
    image: str
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""
    og_type: str = "website"
    locale: str = "en_US"
    twitter_site: str = ""
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list = field(default_factory=list)
    subject: object = None


def _context_get(context, name, default=None):
    try:
        value = context.get(name, default)
    except AttributeError:
        value = default
    return value if value not in (None, "") else default


def _iso(value):
    if not value:
        return ""
    if timezone.is_naive(value):
        return value.isoformat()
    return timezone.localtime(value).isoformat(timespec="seconds")


def page_meta(context):
    """Work out a page's PageMeta from its template context (see the module's doc)."""
    site = _context_get(context, "site")
    request = _context_get(context, "request")
    site_name = getattr(site, "site_name", "") or ""
    subject = _context_get(context, "seo_object") or _context_get(context, "object")
    if subject is not None and not hasattr(subject, "_meta"):
        subject = None
    breadcrumbs = _context_get(context, "breadcrumbs") or []

    title = _context_get(context, "meta_title")
    if not title and subject is not None:
        title = object_title(subject)
    if not title and breadcrumbs:
        title = str(breadcrumbs[-1][0])
    title = clean_text(title, 0)
    if title:
        document_title = f"{title} | {site_name}" if site_name else title
    else:
        tagline = getattr(site, "tagline", "")
        document_title = f"{site_name} | {tagline}" if tagline else site_name
        title = site_name

    description = clean_text(_context_get(context, "meta_description"))
    if not description and subject is not None:
        description = object_description(subject)
    if not description:
        description = clean_text(getattr(site, "default_meta_description", ""))

    canonical = _context_get(context, "canonical_url")
    if not canonical and subject is not None and hasattr(subject, "get_absolute_url"):
        canonical = subject.get_absolute_url()
    if not canonical:
        canonical = request.path if request is not None else "/"
        page_obj = _context_get(context, "page_obj")
        number = getattr(page_obj, "number", 1)
        if number and number > 1:
            canonical = f"{canonical}?page={number}"
    canonical = absolute_url(canonical)

    meta = PageMeta(
        site_name=site_name,
        title=title,
        document_title=document_title,
        description=description,
        canonical=canonical,
        image="",
        locale=og_locale(),
        twitter_site=x_handle(getattr(site, "x_url", "")),
        og_type=_context_get(context, "og_type")
        or OG_TYPES.get(label_of(subject), "website"),
        subject=subject,
    )
    _resolve_image(meta, context, subject, site)
    if meta.og_type == "article" and subject is not None:
        meta.published_time = _iso(getattr(subject, "published_at", None))
        meta.modified_time = _iso(getattr(subject, "updated_at", None))
        category = getattr(subject, "category", None)
        meta.section = str(getattr(category, "name", "") or "")
        meta.tags = _tag_names(subject)
    return meta


def _resolve_image(meta, context, subject, site):
    image = _context_get(context, "meta_image")
    if image:
        meta.image = file_url(image) if hasattr(image, "url") else absolute_url(image)
        return
    if subject is not None:
        own = object_image(subject)
        if own:
            meta.image = file_url(own)
            width = getattr(subject, "cover_width", None)
            height = getattr(subject, "cover_height", None)
            if width and height and own is getattr(subject, "cover", None):
                meta.image_width, meta.image_height = width, height
            meta.image_alt = meta.title
            return
        card = generated_card_url(subject)
        if card:
            meta.image = card
            meta.image_width, meta.image_height = CARD_SIZE
            meta.image_alt = meta.title
            return
    default = getattr(site, "default_share_image", None)
    if default:
        meta.image = file_url(default)
        meta.image_alt = meta.site_name
        return
    meta.image = site_card_url()
    if meta.image:
        meta.image_width, meta.image_height = CARD_SIZE
        meta.image_alt = meta.site_name


def _tag_names(obj):
    tags = getattr(obj, "tags", None)
    if tags is None or not getattr(obj, "pk", None):
        return []
    try:
        return [tag.name for tag in tags.all()]
    except (AttributeError, ValueError):
        return []


# --- JSON-LD ----------------------------------------------------------------------------

SCHEMA = "https://schema.org"
# What json_script escapes: inside a script element only these could end or confuse it.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """Return `data` as a safe `<script type="application/ld+json">` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(  # noqa: S308 - <, > and & are escaped above, as json_script does
        '<script type="application/ld+json">'
        + text.translate(_SCRIPT_ESCAPES)
        + "</script>"
    )


def _compact(data):
    """Drop empty values, so no property is sent blank."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization_ref(site):
    """The short Organization used as publisher and provider."""
    return _compact(
        {
            "@type": "Organization",
            "name": getattr(site, "site_name", ""),
            "url": absolute_url("/"),
            "logo": file_url(getattr(site, "logo", None)),
        }
    )


def organization(site):
    """The agency as an Organization, with how to reach it (home page)."""
    contact_points = []
    if site.hotline or site.email:
        contact_points.append(
            _compact(
                {
                    "@type": "ContactPoint",
                    "contactType": "sales",
                    "telephone": site.hotline,
                    "email": site.email,
                    "availableLanguage": ["en", "zh-Hans"],
                }
            )
        )
    if site.mobile:
        contact_points.append(
            {
                "@type": "ContactPoint",
                "contactType": "customer service",
                "telephone": site.mobile,
                "availableLanguage": ["en", "zh-Hans"],
            }
        )
    address = (
        {"@type": "PostalAddress", "streetAddress": site.address}
        if site.address
        else None
    )
    return _compact(
        {
            "@context": SCHEMA,
            **organization_ref(site),
            "@id": absolute_url("/#organization"),
            "description": site.default_meta_description or site.tagline,
            "email": site.email,
            "telephone": site.hotline,
            "address": address,
            "foundingDate": str(site.founded_year) if site.founded_year else "",
            "contactPoint": contact_points,
            "sameAs": [url for _name, url in site.social_links],
        }
    )


def website(site):
    data = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": site.site_name,
        "url": absolute_url("/"),
    }
    try:
        search = absolute_url(reverse("articles:search"))
    except NoReverseMatch:
        return data
    data["potentialAction"] = {
        "@type": "SearchAction",
        "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{query}}"},
        "query-input": "required name=query",
    }
    return data


def breadcrumb_list(breadcrumbs, current_url):
    """A BreadcrumbList: Home, then each (label, url); the last one is this page."""
    items = [(gettext("Home"), absolute_url("/"))]
    for position, (label, url) in enumerate(breadcrumbs, start=1):
        last = position == len(breadcrumbs)
        items.append((str(label), current_url if last else absolute_url(url)))
    elements = [
        _compact(
            {
                "@type": "ListItem",
                "position": n,
                "name": clean_text(name, 0),
                "item": url,
            }
        )
        for n, (name, url) in enumerate(items, start=1)
    ]
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": elements}


def article(obj, meta, site):
    """An Article: headline, dates, author, image, publisher (Google's required set)."""
    author = {"@type": "Person", "name": getattr(obj, "author_name", "")}
    profile = getattr(obj, "author_profile", None)
    if profile is not None:
        author["url"] = absolute_url(profile.get_absolute_url())
    category = getattr(obj, "category", None)
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Article",
            "headline": Truncator(obj.title).chars(HEADLINE_LENGTH),
            "description": meta.description,
            "image": [meta.image] if meta.image else [],
            "datePublished": _iso(obj.published_at),
            "dateModified": _iso(obj.updated_at or obj.published_at),
            "author": [author],
            "publisher": organization_ref(site),
            "mainEntityOfPage": {"@type": "WebPage", "@id": meta.canonical},
            "url": meta.canonical,
            "articleSection": getattr(category, "name", ""),
            "keywords": ", ".join(meta.tags),
            "inLanguage": get_language() or settings.LANGUAGE_CODE,
        }
    )


def service(obj, meta, site):
    """A Service the agency provides, with its sub-services as an offer catalogue."""
    parent = obj.parent if obj.parent_id else None
    data = {
        "@context": SCHEMA,
        "@type": "Service",
        "name": obj.name,
        "description": meta.description,
        "url": meta.canonical,
        "image": meta.image if object_image(obj) else "",
        "serviceType": parent.name if parent else obj.name,
        "provider": organization_ref(site),
        "areaServed": "CN",
    }
    children = [
        child for child in obj.children.all() if child.published
    ]  # prefetched by the page when it shows them
    if children:
        data["hasOfferCatalog"] = {
            "@type": "OfferCatalog",
            "name": obj.name,
            "itemListElement": [
                {
                    "@type": "Offer",
                    "itemOffered": {
                        "@type": "Service",
                        "name": child.name,
                        "url": absolute_url(child.get_absolute_url()),
                    },
                }
                for child in children
            ],
        }
    return _compact(data)


# JSON-LD for the subject of a page, by model label.
SUBJECT_BUILDERS = {"articles.article": article, "services.service": service}


def page_json_ld(context, meta, *, home=False):
    """Return the JSON-LD dicts of a page: its subject, its breadcrumb, the agency."""
    site = _context_get(context, "site")
    blocks = []
    if home and site is not None:
        blocks += [organization(site), website(site)]
    builder = SUBJECT_BUILDERS.get(label_of(meta.subject))
    if builder is not None and site is not None:
        blocks.append(builder(meta.subject, meta, site))
    breadcrumbs = _context_get(context, "breadcrumbs")
    if breadcrumbs:
        blocks.append(breadcrumb_list(breadcrumbs, meta.canonical))
    return blocks
