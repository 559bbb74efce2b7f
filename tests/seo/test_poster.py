"""The share poster and cards: drawn once per version, served with validators, and
read back as a phone reads them (the QR code decoded to the article's address)."""

import io
import threading
import time

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import ImageField
from PIL import Image, ImageDraw

from agency.core import cards
from agency.site.models import SiteSettings
from articles import poster
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
)

from .conftest import SITE

pytestmark = pytest.mark.django_db


def decode_qr(image):
    """Return the text of the one QR code in `image`."""
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert len(found) == 1, found
    return found[0].text


def open_png(response):
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def glyph(font, char):
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), char, font=font, fill=255)
    return image.tobytes()


@pytest.fixture
def article(site):
    profile = AuthorProfileFactory(display_name="Li Lei")
    return ArticleFactory(
        title="Mini programs in 2026",
        slug="mini-programs-2026",
        author=profile.user,
        excerpt="What changed this year.",
    )


def test_render_poster_is_750_wide_and_its_qr_reads_back(settings):
    url = f"{SITE}/articles/x/"
    image = poster.render_poster(
        title="A title", url=url, excerpt="Some words.", byline="A · 2026-01-01"
    )
    assert image.width == poster.POSTER_WIDTH == 750
    assert image.height > poster.COVER_HEIGHT + 300
    assert decode_qr(image) == url


def test_poster_view_serves_a_png_whose_qr_is_the_canonical_url(client, article):
    response = client.get("/articles/mini-programs-2026/poster.png")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "mini-programs-2026-poster.png" in response["Content-Disposition"]
    image = open_png(response)
    assert image.width == 750
    assert decode_qr(image) == f"{SITE}/articles/mini-programs-2026/"


def test_chinese_article_poster_qr_is_the_encoded_url(client, site):
    article = ArticleFactory(
        title="小程序开发：从零到上线的完整指南", slug="小程序开发"
    )
    response = client.get(f"{article.get_absolute_url()}poster.png")
    assert response.status_code == 200
    assert decode_qr(open_png(response)) == f"{SITE}{article.get_absolute_url()}"
    assert "%E5%B0%8F" in article.get_absolute_url()


def test_poster_shows_the_cover_else_a_brand_fallback(client, site):
    covered = ArticleFactory(cover=ImageField(width=1600, height=900, color="red"))
    plain = ArticleFactory()
    top = open_png(client.get(f"{covered.get_absolute_url()}poster.png")).convert("RGB")
    red, green, blue = top.getpixel((375, 200))
    assert red > 240 and green < 16 and blue < 16  # the red cover (JPEG rounding)
    fallback = open_png(client.get(f"{plain.get_absolute_url()}poster.png"))
    red, green, blue = fallback.convert("RGB").getpixel((20, 400))
    assert blue > red and blue > green  # the brand blue


def test_unchanged_poster_revalidates_with_304(client, article):
    first = client.get("/articles/mini-programs-2026/poster.png")
    etag = first["ETag"]
    again = client.get(
        "/articles/mini-programs-2026/poster.png", HTTP_IF_NONE_MATCH=etag
    )
    assert again.status_code == 304
    assert again["ETag"] == etag
    since = client.get(
        "/articles/mini-programs-2026/poster.png",
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert since.status_code == 304


def test_edited_article_gets_a_new_poster_and_etag(client, article, settings):
    first = client.get("/articles/mini-programs-2026/poster.png")
    old_etag, old_png = first["ETag"], b"".join(first.streaming_content)
    article.title = "Mini programs in 2027"
    article.save()
    response = client.get(
        "/articles/mini-programs-2026/poster.png", HTTP_IF_NONE_MATCH=old_etag
    )
    assert response.status_code == 200
    assert response["ETag"] != old_etag
    assert b"".join(response.streaming_content) != old_png
    stored = list((settings.MEDIA_ROOT / "posters").glob(f"article-{article.pk}-*.png"))
    assert len(stored) == 1  # the old version is gone


def test_poster_is_drawn_once_per_version(client, article, monkeypatch):
    calls = []
    real = poster.article_poster_image
    monkeypatch.setattr(
        poster, "article_poster_image", lambda *a: calls.append(1) or real(*a)
    )
    for _ in range(3):
        assert client.get("/articles/mini-programs-2026/poster.png").status_code == 200
    assert len(calls) == 1


def test_concurrent_requests_draw_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls = []

    def draw():
        calls.append(1)
        time.sleep(0.3)
        return Image.new("RGB", (10, 10), "white")

    paths = []
    threads = [
        threading.Thread(
            target=lambda: paths.append(cards.stored_png("posters", "a-1", "v1", draw))
        )
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(paths) == 6 and len(set(paths)) == 1 and paths[0].exists()


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_no_poster_for_unpublished_articles(client, site, factory):
    article = factory(slug="hidden")
    assert client.get("/articles/hidden/poster.png").status_code == 404
    assert client.get("/articles/hidden/card.png").status_code == 404
    assert article.pk


def test_article_card_and_site_card_are_1200_by_630(client, article):
    card = open_png(client.get("/articles/mini-programs-2026/card.png"))
    assert card.size == (1200, 630)
    response = client.get("/share-card.png")
    assert response.status_code == 200
    assert open_png(response).size == (1200, 630)
    assert (
        client.get("/share-card.png", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_cjk_font_draws_chinese_characters():
    """With the configured font, two different characters draw two different glyphs."""
    font = cards.load_font(40)
    assert any(glyph(font, "中"))
    assert glyph(font, "中") != glyph(font, "国")


def test_missing_font_falls_back_cleanly(client, settings, site, caplog):
    """Without the CJK font the poster is still made, in Pillow's font, and logged."""
    settings.AGENCY_POSTER_FONT = "/nonexistent/font.ttc"
    settings.AGENCY_POSTER_FONT_BOLD = "/nonexistent/font-bold.ttc"
    font = cards.load_font(40)
    # The fallback has no Chinese: both characters are the same missing-glyph box.
    assert glyph(font, "中") == glyph(font, "国")
    article = ArticleFactory(title="小程序开发指南 and English", slug="fallback")
    response = client.get("/articles/fallback/poster.png")
    assert response.status_code == 200
    image = open_png(response)
    assert image.width == 750
    assert decode_qr(image) == f"{SITE}/articles/fallback/"
    assert "fonts-noto-cjk" in caplog.text
    assert article.pk


def test_font_change_makes_a_new_version(article, settings):
    site = SiteSettings.load()
    before = poster.poster_version(article, site)
    settings.AGENCY_POSTER_FONT = "/other/font.ttc"
    assert poster.poster_version(article, site) != before


def test_wrap_text_breaks_chinese_anywhere_and_latin_between_words():
    font = cards.load_font(44, bold=True)
    width = 654
    chinese = "小程序开发：从零到上线的完整指南，以及我们在三十个项目中学到的经验与教训，适合每一位产品经理阅读"
    lines = cards.wrap_text(chinese, font, width, max_lines=3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= width + 44 for line in lines)
    assert not any(line.startswith(("，", "。", "：")) for line in lines)
    latin = "Internationalisation of mini programs for retail brands across China"
    lines = cards.wrap_text(latin, font, width)
    assert " ".join(lines) == latin  # no word was split
    assert all(font.getlength(line) <= width for line in lines)
    assert cards.wrap_text("Short", font, width, max_lines=3) == ["Short"]


def test_poster_shows_the_site_logo_when_there_is_one(client, article, site):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 100), (0, 200, 0)).save(buffer, "PNG")
    site.logo = SimpleUploadedFile("logo.png", buffer.getvalue())
    site.save()
    image = open_png(client.get("/articles/mini-programs-2026/poster.png"))
    footer = image.convert("RGB").crop((0, image.height - 260, 400, image.height))
    assert (0, 200, 0) in {color for _count, color in footer.getcolors(1 << 16)}
    assert decode_qr(image) == f"{SITE}/articles/mini-programs-2026/"


def test_poster_answers_head_with_validators_and_refuses_post(client, article):
    response = client.head("/articles/mini-programs-2026/poster.png")
    assert response.status_code == 200
    assert response["ETag"]
    assert client.post("/articles/mini-programs-2026/poster.png").status_code == 405


def test_qr_image_is_an_svg_kept_by_browsers_and_revalidated(client, article):
    url = f"/articles/{article.slug}/qr.svg"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") or b"<svg" in response.content[:200]
    assert "max-age" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_no_qr_image_for_a_draft(client):
    draft = DraftArticleFactory(slug="not-yet")
    assert client.get(f"/articles/{draft.slug}/qr.svg").status_code == 404
