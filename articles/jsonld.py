"""JSON-LD of an article page (registered with agency.core.jsonld in apps.py)."""

from django.utils.text import Truncator

from agency.core.jsonld import HEADLINE_LENGTH, SCHEMA, compact, organization_ref
from agency.core.seo import absolute_url, iso_datetime


def article(obj, meta, site):
    """An Article: headline, dates, author, image, publisher (Google's required set)."""
    author = {"@type": "Person", "name": getattr(obj, "author_name", "")}
    profile = getattr(obj, "author_profile", None)
    if profile is not None:
        author["url"] = absolute_url(profile.get_absolute_url())
    category = getattr(obj, "category", None)
    return compact(
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
            "inLanguage": meta.language,
        }
    )
