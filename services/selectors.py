"""Reads that pages outside the catalogue share."""

from django.db.models import F, IntegerField, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.fragments import kept
from agency.core.search import Match
from agency.core.textsearch import containment_terms

from .models import CaseStudy, Service, Solution

# What each kind is called on the search page, and the page showing one, in the order
# the kinds are listed when their matches are equally good.
KINDS = [
    (Service, "name", _("Service"), "services:service_detail"),
    (CaseStudy, "title", _("Case study"), "services:case_detail"),
    (Solution, "title", _("Solution"), "services:solution_detail"),
]
MAX_WORDS = 10


def catalogue_search(query, *, limit):
    """Return the published services, case studies and solutions with every word of
    `query` in their name (or title) or summary as `Match`es, those matching by name
    first, then by kind and the editors' order: plain containment (the tables are small)
    of each English word's stem and each word of its Chinese (小程序开发: 小程序, 开发),
    over their rows kept while content is unchanged (`_catalogue_rows`).
    """
    words = [word.casefold() for word in containment_terms(query, limit=MAX_WORDS)]
    if not words or limit <= 0:
        return []
    found = []
    for row in kept("catalogue-search", _catalogue_rows):
        kind, label, slug, summary, order, title, anywhere = row
        if all(word in anywhere for word in words):
            by_title = 0 if all(word in title for word in words) else 1
            found.append((by_title, kind, order, label, slug, summary))
    rows = sorted(found, key=lambda row: row[:4])[:limit]
    return [
        Match(
            kind=KINDS[kind][2],
            title=label,
            url=reverse(KINDS[kind][3], kwargs={"slug": slug}),
            summary=summary,
        )
        for _by_title, kind, _order, label, slug, summary in rows
    ]


def _catalogue_rows():
    """(kind, name or title, slug, summary, order, the name and the name with the
    summary case-folded for matching) of everything published in the catalogue in the
    current language: one query, folded once for every search until content changes."""
    first, *others = [
        model.objects.published()
        .order_by()
        .annotate(kind=Value(rank, output_field=IntegerField()), label=F(title_field))
        .values_list("kind", "label", "slug", "summary", "order")
        for rank, (model, title_field, _label, _route) in enumerate(KINDS)
    ]
    rows = []
    for kind, label, slug, summary, order in first.union(*others, all=True):
        title = label.casefold()
        rows.append(
            (kind, label, slug, summary, order, title, f"{title}\n{summary.casefold()}")
        )
    return rows
