"""Reads that pages outside the catalogue share."""

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    first: one query, plain containment (the tables are small, and SQLite has the same)
    of each English word's stem and each word of its Chinese (小程序开发: 小程序, 开发).
    """
    words = containment_terms(query, limit=MAX_WORDS)
    if not words or limit <= 0:
        return []
    matching = []
    for rank, (model, title_field, _label, _route) in enumerate(KINDS):
        in_title = Q()
        anywhere = Q()
        for word in words:
            in_title &= Q(**{f"{title_field}__icontains": word})
            anywhere &= Q(**{f"{title_field}__icontains": word}) | Q(
                summary__icontains=word
            )
        matching.append(
            model.objects.published()
            .filter(anywhere)
            .order_by()
            .annotate(
                kind=Value(rank, output_field=IntegerField()),
                by_title=Case(
                    When(in_title, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                label=F(title_field),
            )
            .values_list("kind", "by_title", "label", "slug", "summary", "order")
        )
    first, *others = matching
    rows = first.union(*others, all=True).order_by(
        "by_title", "kind", "order", "label"
    )[:limit]
    return [
        Match(
            kind=KINDS[kind][2],
            title=label,
            url=reverse(KINDS[kind][3], kwargs={"slug": slug}),
            summary=summary,
        )
        for kind, _by_title, label, slug, summary, _order in rows
    ]
