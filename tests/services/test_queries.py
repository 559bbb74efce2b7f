"""Each page runs the same number of queries however large the catalogue grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    CaseStudyImageFactory,
    CaseStudyResultFactory,
    IndustryFactory,
    ServiceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm the cached frame and blocks, as on a live site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(main_service, main_case, main_solution, size):
    """Add `size` of everything, all linked to the pages under test."""
    for _ in range(size):
        industry = IndustryFactory()
        parent = ServiceFactory(featured=True)
        child = ServiceFactory(parent=parent, featured=True)
        ServiceFactory(parent=main_service)
        case = CaseStudyFactory(
            industry=industry, services=[main_service, child], featured=True
        )
        CaseStudyResultFactory(case_study=case)
        CaseStudyResultFactory(case_study=main_case)
        CaseStudyImageFactory(case_study=main_case)
        main_case.services.add(ServiceFactory())
        main_solution.services.add(child)
        main_solution.case_studies.add(case)
        SolutionFactory(services=[parent], case_studies=[case])
        ArticleFactory(tags=["wechat"])


@pytest.fixture
def catalogue():
    service = ServiceFactory(slug="main")
    service.tags.add("wechat")
    case = CaseStudyFactory(slug="main-case", services=[service])
    solution = SolutionFactory(slug="main-solution", services=[service])
    return service, case, solution


URLS = [
    reverse("home"),
    reverse("services:service_list"),
    reverse("services:service_detail", kwargs={"slug": "main"}),
    reverse("services:case_list"),
    reverse("services:case_list") + "?service=main",
    reverse("services:case_detail", kwargs={"slug": "main-case"}),
    reverse("services:solution_list"),
    reverse("services:solution_detail", kwargs={"slug": "main-solution"}),
]


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_the_catalogue(client, catalogue, url):
    grow(*catalogue, size=1)
    small = count_queries(client, url)
    grow(*catalogue, size=5)
    large = count_queries(client, url)
    assert small == large


# Each budget counts one query of the leads app's inline contact form (its services),
# and a piece's page one for its published translations (hreflang, the switcher).
@pytest.mark.parametrize(
    ("url", "limit"),
    [
        (reverse("home"), 0),
        (reverse("services:service_list"), 3),
        (reverse("services:service_detail", kwargs={"slug": "main"}), 8),
        (reverse("services:case_list"), 6),
        (reverse("services:case_detail", kwargs={"slug": "main-case"}), 8),
        (reverse("services:solution_list"), 3),
        (reverse("services:solution_detail", kwargs={"slug": "main-solution"}), 6),
    ],
)
def test_query_budget(client, catalogue, url, limit):
    grow(*catalogue, size=3)
    assert count_queries(client, url) <= limit
