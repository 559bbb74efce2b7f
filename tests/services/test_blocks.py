"""The blocks shown on pages of other apps: home, footer, article sidebar."""

import pytest
from django.template import Context, Template

from tests.factories import CaseStudyFactory, CaseStudyResultFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def render(name):
    return Template(f'{{% include "services/includes/{name}.html" %}}').render(
        Context({})
    )


@pytest.mark.parametrize(
    "name", ["home_services", "home_cases", "footer_services", "sidebar_services"]
)
def test_blocks_render_nothing_without_content(name):
    ServiceFactory(published=False, featured=True)
    CaseStudyFactory(published=False, featured=True)
    assert render(name).strip() == ""


def test_home_services_shows_featured_published_services():
    shown = ServiceFactory(name="Shown service", featured=True)
    ServiceFactory(name="Plain service")
    ServiceFactory(
        name="Hidden child", featured=True, parent=ServiceFactory(published=False)
    )
    html = render("home_services")
    assert shown.get_absolute_url() in html
    assert "Plain service" not in html
    assert "Hidden child" not in html
    assert shown.image.url in html


def test_home_cases_shows_featured_cases_with_figures():
    case = CaseStudyFactory(title="Featured case", featured=True)
    CaseStudyResultFactory(case_study=case, value="+320%", label="orders")
    CaseStudyFactory(title="Ordinary case")
    html = render("home_cases")
    assert "Featured case" in html and "+320%" in html
    assert "Ordinary case" not in html


def test_footer_lists_top_level_services_in_order():
    second = ServiceFactory(name="Second")
    first = ServiceFactory(name="First")
    ServiceFactory(name="Child", parent=first)
    first.order, second.order = 1, 2
    first.save()
    second.save()
    html = render("footer_services")
    assert '<nav class="footer-links"' in html
    assert html.index("First") < html.index("Second")
    assert "Child" not in html


def test_sidebar_shows_images_and_names():
    service = ServiceFactory(name="Mini Program")
    ServiceFactory(name="No picture", image=None)
    html = render("sidebar_services")
    assert '<section class="widget widget-services"' in html
    assert service.image.url in html and "Mini Program" in html
    assert "No picture" not in html


def test_blocks_refresh_when_the_catalogue_changes():
    service = ServiceFactory(name="Old name", featured=True)
    assert "Old name" in render("footer_services")
    service.name = "New name"
    service.save()
    assert "New name" in render("footer_services")
    service.published = False
    service.save()
    assert render("home_services").strip() == ""


def test_case_services_change_refreshes_blocks():
    case = CaseStudyFactory(title="Case", featured=True)
    assert "Case" in render("home_cases")
    case.delete()
    assert render("home_cases").strip() == ""
