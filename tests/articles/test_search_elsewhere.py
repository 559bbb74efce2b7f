"""The search page also finds the catalogue: published services, case studies and
solutions, a few of them, above the articles on their first page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agency.core import search as site_search
from agency.site.models import SiteSettings
from services.selectors import catalogue_search
from tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    ServiceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def section(response):
    """The HTML of the catalogue's section ("" without one): services are also in the
    footer and sidebar, so only this part says what the search found."""
    html = response.content.decode()
    start = html.find('<section class="search-elsewhere"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def test_search_lists_published_services_case_studies_and_solutions(client):
    ServiceFactory(name="Lighthouse audits", slug="lighthouse-audits")
    CaseStudyFactory(title="A faster shop", summary="Lighthouse score 98.")
    SolutionFactory(title="Lighthouse for clinics", slug="clinics")
    ServiceFactory(name="Lighthouse drafts", published=False)
    found = section(search(client, "lighthouse"))
    assert "Services and work" in found
    assert 'href="/services/lighthouse-audits/"' in found
    assert "A faster shop" in found and "Case study" in found
    assert 'href="/solutions/clinics/"' in found
    assert "Lighthouse drafts" not in found


def test_a_hidden_parent_hides_its_sub_services_from_search(client):
    parent = ServiceFactory(name="Hidden parent", published=False)
    ServiceFactory(name="Orphan lighthouse", parent=parent)
    assert "Orphan lighthouse" not in section(search(client, "lighthouse"))


def test_catalogue_matches_need_every_word_and_put_name_matches_first():
    ServiceFactory(name="Mini program design", summary="Shops on WeChat.")
    SolutionFactory(
        title="Clinic booking", summary="A mini program for design clinics."
    )
    ServiceFactory(name="Mini sites", summary="Small.")
    found = catalogue_search("mini design", limit=5)
    assert [match.title for match in found] == [
        "Mini program design",
        "Clinic booking",
    ]
    assert [str(match.kind) for match in found] == ["Service", "Solution"]


def test_catalogue_matches_are_few(client):
    for n in range(8):
        ServiceFactory(name=f"Widget service {n}")
    response = search(client, "widget")
    assert len(response.context["elsewhere"]) == 4


def test_catalogue_matches_show_when_no_article_matches(client):
    ServiceFactory(name="Brand strategy")
    response = search(client, "strategy")
    assert "Services and work" in section(response)
    assert "Brand strategy" in section(response)
    assert "No article matches" in response.content.decode()


def test_no_catalogue_section_without_a_query_or_a_match(client):
    ServiceFactory(name="Brand strategy")
    assert section(search(client, "")) == ""
    assert section(search(client, "nothing")) == ""


def test_catalogue_matches_stay_off_later_pages_and_articles_keep_paging(client):
    ServiceFactory(name="Pagination service")
    for n in range(12):
        ArticleFactory(title=f"Pagination topic {n}")
    first = search(client, "pagination")
    assert len(first.context["results"]) == 10
    assert [m.title for m in first.context["elsewhere"]] == ["Pagination service"]
    second = search(client, "pagination", page=2)
    assert len(second.context["results"]) == 2
    assert second.context["elsewhere"] == []
    assert section(second) == ""


def test_each_query_gets_its_own_cached_page(client, settings):
    """The page cache keeps one copy per query, and a catalogue save retires them."""
    settings.AGENCY_PAGE_CACHE = True
    SiteSettings.load()
    ServiceFactory(name="Lighthouse audits")
    strategy = ServiceFactory(name="Brand strategy")
    cache.clear()
    assert "Lighthouse audits" in section(search(client, "lighthouse"))
    found = section(search(client, "strategy"))
    assert "Brand strategy" in found and "Lighthouse audits" not in found
    again = search(client, "lighthouse")
    assert again["X-Page-Cache"] == "HIT"
    assert "Lighthouse audits" in section(again)
    assert search(client, "strategy")["X-Page-Cache"] == "HIT"
    strategy.published = False
    strategy.save()
    assert section(search(client, "strategy")) == ""


def catalogue_queries(context):
    return [q for q in context.captured_queries if "services_" in q["sql"]]


def test_catalogue_search_is_one_query_however_many_match_and_none_while_unchanged():
    with CaptureQueriesContext(connection) as few:
        catalogue_search("widget", limit=4)
    for n in range(10):
        ServiceFactory(name=f"Widget service {n}")
        CaseStudyFactory(title=f"Widget case {n}")
        SolutionFactory(title=f"Widget solution {n}")
    with CaptureQueriesContext(connection) as many:
        found = catalogue_search("widget", limit=4)
    assert len(found) == 4
    assert len(catalogue_queries(few)) == len(catalogue_queries(many)) == 1
    with CaptureQueriesContext(connection) as again:
        assert catalogue_search("widget", limit=4) == found
    assert catalogue_queries(again) == []


def test_a_catalogue_change_is_found_at_once():
    ServiceFactory(name="Lighthouse audits")
    assert [m.title for m in catalogue_search("lighthouse", limit=4)] == [
        "Lighthouse audits"
    ]
    solution = SolutionFactory(title="Lighthouse for clinics")
    assert [m.title for m in catalogue_search("lighthouse", limit=4)] == [
        "Lighthouse audits",
        "Lighthouse for clinics",
    ]
    solution.published = False
    solution.save()
    assert [m.title for m in catalogue_search("lighthouse", limit=4)] == [
        "Lighthouse audits"
    ]


def test_find_elsewhere_asks_every_finder_for_what_is_left(monkeypatch):
    monkeypatch.setattr(site_search, "_finders", [])
    asked = []

    def finder(name, count):
        def find(query, *, limit):
            asked.append((name, limit))
            return [
                site_search.Match(kind=name, title=f"{query} {n}", url="/")
                for n in range(count)
            ][:limit]

        return find

    site_search.finds_with(finder("a", 2))
    site_search.finds_with(finder("b", 5))
    site_search.finds_with(finder("c", 5))
    found = site_search.find_elsewhere("x", limit=4)
    assert [(m.kind, m.title) for m in found] == [
        ("a", "x 0"),
        ("a", "x 1"),
        ("b", "x 0"),
        ("b", "x 1"),
    ]
    assert asked == [("a", 4), ("b", 2)]
