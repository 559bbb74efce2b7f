"""JSON-LD for search engines: Organization, WebSite, BreadcrumbList, and what each app
registers for its own pages (`describe`).

The builders return plain dicts (empty properties left out); `json_ld_script()` escapes
one for a `<script type="application/ld+json">` element as `json_script` would.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from agency.core import i18n
from agency.core.seo import (
    absolute_url,
    clean_text,
    context_get,
    file_url,
    label_of,
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


def compact(data):
    """Drop empty values, so no property is sent blank."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization_ref(site):
    """The short Organization used as publisher and provider."""
    return compact(
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
            compact(
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
    return compact(
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
        "inLanguage": [i18n.html_language(code) for code, _name in settings.LANGUAGES],
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
        compact(
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


# JSON-LD for the subject of a page, by model label: each app registers its own
# builder(obj, meta, site) with `describe` in its AppConfig.ready().
_subjects = {}


def describe(model_label, builder):
    """Build the JSON-LD of pages whose subject is a `model_label` ("app.model") with
    `builder(obj, meta, site)`."""
    _subjects[model_label] = builder


def page_json_ld(context, meta, *, home=False):
    """Return the JSON-LD dicts of a page: its subject, its breadcrumb, the agency."""
    site = context_get(context, "site")
    blocks = []
    if home and site is not None:
        blocks += [organization(site), website(site)]
    builder = _subjects.get(label_of(meta.subject))
    if builder is not None and site is not None:
        # The language the page is written in (each translation is its own page).
        blocks.append(
            {**builder(meta.subject, meta, site), "inLanguage": meta.language}
        )
    breadcrumbs = context_get(context, "breadcrumbs")
    if breadcrumbs:
        blocks.append(breadcrumb_list(breadcrumbs, meta.canonical))
    return blocks
