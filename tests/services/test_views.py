import pytest
from django.urls import reverse

from tests.factories import (
    CaseStudyFactory,
    CaseStudyResultFactory,
    IndustryFactory,
    ServiceFactory,
    SolutionFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_catalogue_groups_sub_services_under_their_parent(client):
    parent = ServiceFactory(name="WeChat Development")
    ServiceFactory(name="Mini Program", parent=parent)
    ServiceFactory(name="Hidden Child", parent=parent, published=False)
    ServiceFactory(name="Hidden Top", published=False)
    response = client.get(reverse("services:service_list"))
    assert response.status_code == 200
    assert "services/service_list.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "WeChat Development" in html
    assert "Mini Program" in html
    assert html.index("WeChat Development") < html.index("Mini Program")
    assert "Hidden Child" not in html
    assert "Hidden Top" not in html
    assert list(response.context["services"]) == [parent]


def test_service_page_shows_offer_sub_services_cases_and_cta(client):
    service = ServiceFactory(
        deliverables="Official account\nMembership cards",
        steps="Audit: what you have\nBuild",
        price_note="From ¥25,000",
        seo_title="WeChat apps by us",
    )
    child = ServiceFactory(name="Mini Program", parent=service)
    case = CaseStudyFactory(title="Clinic booking", services=[child])
    hidden_case = CaseStudyFactory(
        title="Secret work", services=[service], published=False
    )
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>WeChat apps by us |" in html
    for text in ("Official account", "Membership cards", "Audit", "What you have"):
        assert text in html
    assert "From ¥25,000" in html
    assert child.get_absolute_url() in html
    # A parent's page shows the case studies of its sub-services too.
    assert case.get_absolute_url() in html
    assert hidden_case.title not in html
    assert f"?service={service.slug}" in html
    assert "leads/includes/inline_contact.html" in [t.name for t in response.templates]
    assert response.context["service"] == service


def test_sub_service_page_links_its_parent_and_siblings(client):
    parent = ServiceFactory(name="Digital Marketing")
    child = ServiceFactory(name="Social Media", parent=parent)
    sibling = ServiceFactory(name="Paid Search", parent=parent)
    response = client.get(child.get_absolute_url())
    assert response.status_code == 200
    assert response.context["breadcrumbs"][1] == (
        "Digital Marketing",
        parent.get_absolute_url(),
    )
    assert sibling.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("factory", [ServiceFactory, CaseStudyFactory, SolutionFactory])
def test_unpublished_items_are_404_for_visitors(client, factory):
    obj = factory(published=False)
    assert client.get(obj.get_absolute_url()).status_code == 404


def test_sub_service_of_unpublished_parent_is_404(client):
    parent = ServiceFactory(published=False)
    child = ServiceFactory(parent=parent)
    assert client.get(child.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", [ServiceFactory, CaseStudyFactory, SolutionFactory])
def test_staff_preview_unpublished_item_noindex_never_cached(editor_client, factory):
    obj = factory(published=False)
    response = editor_client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert response.context["preview"] is True
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Preview" in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_without_view_permission_cannot_preview(client):
    client.force_login(StaffFactory())
    service = ServiceFactory(published=False)
    assert client.get(service.get_absolute_url()).status_code == 404


def test_published_page_is_no_preview(editor_client):
    service = ServiceFactory()
    response = editor_client.get(service.get_absolute_url())
    assert response.context["preview"] is False
    assert "noindex" not in response.content.decode()


def test_case_list_filters_by_service_and_industry(client):
    retail, food = IndustryFactory(name="Retail"), IndustryFactory(name="Food")
    parent = ServiceFactory(slug="wechat")
    child = ServiceFactory(slug="mini", parent=parent)
    web = ServiceFactory(slug="web")
    a = CaseStudyFactory(title="Alpha", industry=retail, services=[child])
    b = CaseStudyFactory(title="Beta", industry=food, services=[parent])
    c = CaseStudyFactory(title="Gamma", industry=food, services=[web])
    url = reverse("services:case_list")

    def shown(query):
        return set(client.get(url, query).context["case_studies"])

    assert shown({}) == {a, b, c}
    # A parent's filter covers its sub-services.
    assert shown({"service": "wechat"}) == {a, b}
    assert shown({"industry": food.slug}) == {b, c}
    assert shown({"service": "wechat", "industry": food.slug}) == {b}
    # An unknown value is ignored rather than emptying the list.
    assert shown({"service": "nope"}) == {a, b, c}


def test_case_list_filter_links_keep_the_other_filter(client):
    food = IndustryFactory(name="Food", slug="food")
    IndustryFactory(name="Retail", slug="retail")
    web, app = ServiceFactory(slug="web"), ServiceFactory(slug="app")
    CaseStudyFactory(industry=food, services=[web])
    CaseStudyFactory(industry=IndustryFactory(slug="retail"), services=[app])
    response = client.get(reverse("services:case_list"), {"industry": "food"})
    links = {
        label: (url, active)
        for label, url, active in response.context["service_filters"]
    }
    assert links[web.name] == ("/cases/?service=web&industry=food", False)
    assert links["All services"] == ("/cases/?industry=food", True)
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_case_list_hides_unpublished_and_offers_only_used_filters(client):
    used = ServiceFactory(name="Used service")
    unused = ServiceFactory(name="Unused service")
    CaseStudyFactory(title="Shown", services=[used])
    CaseStudyFactory(title="Hidden", services=[unused], published=False)
    response = client.get(reverse("services:case_list"))
    assert [c.title for c in response.context["case_studies"]] == ["Shown"]
    # A single used service makes no filter worth showing; add a second one.
    other = ServiceFactory(name="Other service")
    CaseStudyFactory(services=[other])
    response = client.get(reverse("services:case_list"))
    labels = [label for label, _url, _active in response.context["service_filters"]]
    assert labels == ["All services", used.name, other.name]


def test_case_page_shows_results_gallery_and_cta_for_first_service(client):
    service = ServiceFactory(slug="mini-program")
    case = CaseStudyFactory(client_name="Greenbasket", services=[service])
    CaseStudyResultFactory(case_study=case, value="+320%", label="orders")
    from tests.factories import CaseStudyImageFactory

    CaseStudyImageFactory(case_study=case, caption="Checkout screen")
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Greenbasket", "+320%", "orders", "Checkout screen"):
        assert text in html
    assert response.context["service"] == service
    assert "?service=mini-program" in html


def test_solution_pages(client):
    service = ServiceFactory(name="Mall")
    hidden_service = ServiceFactory(name="Hidden service", published=False)
    case = CaseStudyFactory(title="Fresh case")
    hidden_case = CaseStudyFactory(title="Hidden case", published=False)
    solution = SolutionFactory(
        title="Fresh food",
        services=[service, hidden_service],
        case_studies=[case, hidden_case],
    )
    SolutionFactory(title="Unpublished solution", published=False)
    listing = client.get(reverse("services:solution_list"))
    assert [s.title for s in listing.context["solutions"]] == ["Fresh food"]
    response = client.get(solution.get_absolute_url())
    html = response.content.decode()
    assert "Mall" in html and "Fresh case" in html
    assert "Hidden service" not in html and "Hidden case" not in html
    assert response.context["service"] == service


def test_empty_catalogue_pages_render(client):
    for name in ("service_list", "case_list", "solution_list"):
        response = client.get(reverse(f"services:{name}"))
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode()


def test_case_list_paginates_with_filters(client):
    service = ServiceFactory(slug="web")
    for _ in range(13):
        CaseStudyFactory(services=[service], cover=None)
    response = client.get(reverse("services:case_list"), {"service": "web", "page": 2})
    assert response.status_code == 200
    assert len(response.context["case_studies"]) == 1
    assert "?service=web&amp;page=1" in response.content.decode()


def test_case_list_filters_by_a_sub_service_from_its_page(client):
    parent = ServiceFactory()
    child = ServiceFactory(slug="mini", parent=parent)
    shown = CaseStudyFactory(services=[child])
    CaseStudyFactory(services=[parent])
    response = client.get(reverse("services:case_list"), {"service": "mini"})
    assert list(response.context["case_studies"]) == [shown]
    assert (child.name, "/cases/?service=mini", True) in response.context[
        "service_filters"
    ]


def test_seo_title_and_description_of_detail_pages(client):
    service = ServiceFactory(seo_title="Mini programs that sell", summary="Sum")
    case = CaseStudyFactory(seo_description="How a grocer went online")
    solution = SolutionFactory(title="Fresh food", summary="For grocers")
    html = client.get(service.get_absolute_url()).content.decode()
    assert "<title>Mini programs that sell |" in html
    assert '<meta name="description" content="Sum">' in html
    html = client.get(case.get_absolute_url()).content.decode()
    assert f"<title>{case.title} |" in html
    assert '<meta name="description" content="How a grocer went online">' in html
    html = client.get(solution.get_absolute_url()).content.decode()
    assert "<title>Fresh food |" in html
    assert '<meta name="description" content="For grocers">' in html


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("service_list", "Services"),
        ("case_list", "Case studies"),
        ("solution_list", "Industry solutions"),
    ],
)
def test_list_pages_have_their_own_title_and_description(client, name, title):
    html = client.get(reverse(f"services:{name}")).content.decode()
    assert f"<title>{title} |" in html
    assert '<meta name="description" content="">' not in html


def test_filtered_case_list_title_names_the_filter(client):
    service = ServiceFactory(name="Mini Program", slug="mini")
    CaseStudyFactory(services=[service])
    html = client.get(reverse("services:case_list"), {"service": "mini"}).content
    assert "<title>Case studies: Mini Program |" in html.decode()
