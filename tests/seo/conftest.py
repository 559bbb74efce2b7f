import pytest

from agency.site.models import SiteSettings

SITE = "https://www.example.com"


@pytest.fixture(autouse=True)
def _public_site_url(settings):
    """Pages are fetched as `testserver`; every address they give must be the public one."""
    settings.SITE_URL = SITE


@pytest.fixture
def site(db):
    site = SiteSettings.load()
    site.site_name = "Bluepeak Digital"
    site.tagline = "Mini programs, apps and growth"
    site.default_meta_description = "A digital agency in Shanghai."
    site.hotline = "400-123-4567"
    site.mobile = "138 0000 0000"
    site.email = "hello@example.com"
    site.address = "88 Century Avenue, Shanghai"
    site.weibo_url = "https://weibo.com/bluepeak"
    site.x_url = "https://x.com/bluepeak"
    site.save()
    return site
