"""The share bar of an article in a real browser: the poster dialog, copy link, and the
same bar without JavaScript."""

import io

import pytest
import zxingcpp
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path
from PIL import Image
from playwright.sync_api import expect

from agency.urls import urlpatterns as site_urlpatterns
from articles.models import Article
from tests.factories import ArticleFactory

# The share bar as an article page includes it (one line); this page keeps the test
# independent of how the article template lays out the rest.
PAGE = """{% extends "base.html" %}{% block content %}<article class="container">
<h1>{{ article.title }}</h1>{% include "includes/share_article.html" %}
</article>{% endblock content %}"""


def share_page(request, pk):
    article = get_object_or_404(Article.objects.published(), pk=pk)
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"article": article}, request))


urlpatterns = [path("share-test/<int:pk>/", share_page), *site_urlpatterns]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def article(transactional_db):
    return ArticleFactory(title="小程序开发指南: a guide", slug="guide")


def test_generate_poster_opens_a_dialog_with_the_image_and_a_download(page, article):
    page.goto(f"/share-test/{article.pk}/")
    page.get_by_role("link", name="Generate poster").click()
    dialog = page.get_by_role("dialog", name="Share poster")
    expect(dialog).to_be_visible()
    image = dialog.locator("img")
    expect(image).to_be_visible()
    width = image.evaluate("img => img.complete && img.naturalWidth")
    assert width == 750
    download = dialog.get_by_role("link", name="Download the poster")
    expect(download).to_have_attribute("download", "guide-poster.png")
    expect(dialog).to_contain_text("Long-press")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("link", name="Generate poster")).to_be_focused()


def test_copy_link_puts_the_article_url_on_the_clipboard(page, article, settings):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/share-test/{article.pk}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{settings.SITE_URL}/articles/guide/"


def test_wechat_qr_opens_on_phones(phone_page, article):
    phone_page.goto(f"/share-test/{article.pk}/")
    qr = phone_page.locator(".share-qr img")
    expect(qr).to_be_hidden()
    phone_page.get_by_text("WeChat", exact=True).click()
    expect(qr).to_be_visible()
    expect(qr).to_have_js_property("complete", True)
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # What a phone's camera sees: the article's canonical address.
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())).convert("L"))
    assert [code.text for code in found] == [f"{settings.SITE_URL}/articles/guide/"]


def test_without_javascript_the_poster_is_a_plain_link(browser, live_server, article):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/share-test/{article.pk}/")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    link = page.get_by_role("link", name="Generate poster")
    assert link.get_attribute("href") == "/articles/guide/poster.png"
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    context.close()


def test_article_page_poster_dialog(phone_page, article):
    """The bar as the article page includes it, at phone width."""
    phone_page.goto(article.get_absolute_url())
    phone_page.get_by_role("link", name="Generate poster").click()
    dialog = phone_page.get_by_role("dialog", name="Share poster")
    image = dialog.locator("img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 750
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
