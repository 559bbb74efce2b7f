"""The ICP licence number (备案号): set in the site settings, shown in every footer
linked to the MIIT's register, as sites hosted in mainland China must show it."""

import pytest
from django.urls import reverse

from agency.site import demo
from agency.site.models import SiteSettings
from tests.admin.forms import as_post, form_data

pytestmark = pytest.mark.django_db

ICP = "沪ICP备12345678号-1"
LINK = (
    f'<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank" '
    f'lang="zh-Hans">{ICP}</a>'
)


def test_the_footer_links_the_licence_number_to_the_miit_register(client):
    SiteSettings.objects.create(icp_licence=ICP)
    html = client.get("/").content.decode()
    assert LINK in html
    assert html.index(LINK) > html.index('<footer class="site-footer">')


def test_no_licence_number_no_link(client):
    SiteSettings.objects.create()
    assert "beian.miit.gov.cn" not in client.get("/").content.decode()


def test_an_editor_sets_the_licence_number_in_the_admin_and_the_footer_follows(
    editor_client,
):
    settings = SiteSettings.load()
    assert "beian.miit.gov.cn" not in editor_client.get("/").content.decode()
    url = reverse("admin:agency_sitesettings_change", args=[settings.pk])
    page = editor_client.get(url).content.decode()
    assert 'name="icp_licence"' in page
    data = as_post(form_data(page, "sitesettings_form"))
    data["icp_licence"] = [ICP]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    settings.refresh_from_db()
    assert settings.icp_licence == ICP
    assert LINK in editor_client.get("/").content.decode()


def test_the_demo_site_shows_a_licence_number():
    demo.build()
    assert SiteSettings.load().icp_licence == ICP
