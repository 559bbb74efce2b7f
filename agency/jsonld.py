"""JSON-LD for search engines: Organization, WebSite, BreadcrumbList, Article, Service.

The builders return plain dicts (empty properties left out); `json_ld_script()` escapes
one for a `<script type="application/ld+json">` element as `json_script` would.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from .seo import (
    absolute_url,
    clean_text,
    context_get,
    file_url,
    iso_datetime,
    label_of,
    object_image,
)

HEADLINE_LENGTH = 110
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
            "datePublished": iso_datetime(obj.published_at),
            "dateModified": iso_datetime(obj.updated_at or obj.published_at),
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
    site = context_get(context, "site")
    blocks = []
    if home and site is not None:
        blocks += [organization(site), website(site)]
    builder = SUBJECT_BUILDERS.get(label_of(meta.subject))
    if builder is not None and site is not None:
        blocks.append(builder(meta.subject, meta, site))
    breadcrumbs = context_get(context, "breadcrumbs")
    if breadcrumbs:
        blocks.append(breadcrumb_list(breadcrumbs, meta.canonical))
    return blocks
