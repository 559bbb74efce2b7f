"""JSON-LD of a service page and a landing page (registered with agency.core.jsonld in apps.py)."""

from agency.core.blocks import faq_items
from agency.core.jsonld import SCHEMA, compact, organization_ref
from agency.core.seo import absolute_url, object_image


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
    return compact(data)


def landing_page(obj, meta, site):
    """A landing page: an FAQPage when it answers questions (its original version,
    which is what crawlers are shown), else a WebPage."""
    questions = faq_items(obj.blocks)
    data = {
        "@context": SCHEMA,
        "@type": "FAQPage" if questions else "WebPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
        "publisher": organization_ref(site),
    }
    if questions:
        data["mainEntity"] = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
            }
            for item in questions
        ]
    return compact(data)
