"""The article page stays light: HTML, CSS and JavaScript under 60 KB compressed, images
lazy, sized, responsive and in WebP."""

import gzip
import io
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.styles, self.scripts, self.images, self.sources = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "source":
            self.sources.append(attrs)


def cover():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="cover.jpg")


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


def static_bytes(url):
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file of ours"
    with open(path, "rb") as handle:
        return handle.read()


def test_article_page_weighs_under_60_kb_compressed(client):
    category = CategoryFactory()
    article = ArticleFactory(category=category, cover=cover())
    for n in range(8):
        ArticleFactory(category=category, title=f"Related reading {n}", cover=cover())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content
    assets = Assets()
    assets.feed(html.decode())
    total = compressed(html)
    for url in assets.styles + assets.scripts:
        total += compressed(static_bytes(url))
    assert assets.styles and assets.scripts
    assert total < BUDGET_BYTES, f"{total} bytes compressed"


def test_article_images_are_lazy_sized_and_responsive(client):
    category = CategoryFactory()
    article = ArticleFactory(category=category, cover=cover())
    for n in range(4):
        ArticleFactory(category=category, title=f"Related reading {n}", cover=cover())
    assets = Assets()
    assets.feed(client.get(article.get_absolute_url()).content.decode())
    content_images = [img for img in assets.images if "/media/" in img.get("src", "")]
    assert content_images, "the page shows cover images"
    for img in content_images:
        assert img.get("width") and img.get("height"), img
        assert img.get("srcset") and img.get("sizes"), img
    below_the_fold = content_images[1:]
    assert all(img.get("loading") == "lazy" for img in below_the_fold)
    # Each picture offers WebP first, JPEG as the fallback.
    webp = [s for s in assets.sources if s.get("type") == "image/webp"]
    assert len(webp) == len(content_images)
