"""Simple pages, the home page and the error pages."""

import pytest

from agency.site.models import SiteSettings
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_page_renders_title_body_and_seo(client):
    PageFactory(
        title="About",
        slug="about",
        body="<h2>How we work</h2>",
        seo_title="About the studio",
        seo_description="Who we are.",
    )
    response = client.get("/about/")
    assert response.status_code == 200
    assert "agency/page_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<title>About the studio |" in html
    assert '<meta name="description" content="Who we are.">' in html
    assert "<h2>How we work</h2>" in html
    assert 'aria-current="page">About</span>' in html  # breadcrumb


def test_unpublished_page_is_404(client):
    PageFactory(slug="draft", published=False)
    assert client.get("/draft/").status_code == 404


def test_404_page_is_styled_with_the_site_frame(client):
    SiteSettings.objects.create(site_name="Testpeak")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "Testpeak" in html
    assert "css/site.css" in html


def test_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_home_page_shows_tagline_and_call_to_action(client):
    SiteSettings.objects.create(site_name="Testpeak", tagline="We build things")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>We build things</h1>" in html
    assert "Have a project in mind?" in html


def test_favicon_and_stylesheet_are_linked(client):
    html = client.get("/").content.decode()
    assert "img/favicon.svg" in html
    assert "css/site.css" in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /ckeditor/" in response.content.decode()
