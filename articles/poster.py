"""An article's share poster (750 px wide, for phones) and its 1200x630 share card.

`render_poster()` is pure: values and Pillow images in, a Pillow image out. The views
draw each version of an article once (agency.core.cards.stored_png), keyed by everything the
picture shows, and serve it with an ETag and Last-Modified.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageOps

from agency.core import cards
from agency.core.identity import site_settings
from agency.core.seo import absolute_url, clean_text, hash_text

from .models import Article

POSTER_WIDTH = 750
COVER_HEIGHT = 422  # 16:9
QR_SIZE = 200
# Bump when the layout changes, so every stored poster is drawn again.
LAYOUT = 1


def render_poster(
    *,
    title,
    url,
    excerpt="",
    byline="",
    site_name="",
    cover=None,
    logo=None,
    scan_hint="",
):
    """Draw the poster: cover (or brand fallback), title, byline, excerpt, logo, QR."""
    width, margin = POSTER_WIDTH, 48
    inner = width - 2 * margin
    title_font = cards.load_font(44, bold=True)
    byline_font = cards.load_font(24)
    excerpt_font = cards.load_font(28)
    name_font = cards.load_font(32, bold=True)
    hint_font = cards.load_font(24)

    title_lines = cards.wrap_text(title, title_font, inner, max_lines=3)
    excerpt_lines = cards.wrap_text(excerpt, excerpt_font, inner, max_lines=4)
    qr = cards.qr_image(url, QR_SIZE)
    footer_height = max(qr.height, 150)

    height = COVER_HEIGHT + margin
    height += 62 * len(title_lines) + 12
    height += 40 if byline else 0
    height += (44 * len(excerpt_lines) + 24) if excerpt_lines else 0
    height += 32 + footer_height + margin

    poster = Image.new("RGB", (width, height), cards.WHITE)
    if cover is not None:
        poster.paste(ImageOps.fit(cover, (width, COVER_HEIGHT)), (0, 0))
    else:
        poster.paste(cards.gradient((width, COVER_HEIGHT)), (0, 0))
        if site_name:
            draw = ImageDraw.Draw(poster)
            brand_font = cards.load_font(48, bold=True)
            lines = cards.wrap_text(site_name, brand_font, inner, max_lines=2)
            y = (COVER_HEIGHT - 64 * len(lines)) // 2
            cards.draw_lines(draw, (margin, y), lines, brand_font, cards.WHITE, 64)
    draw = ImageDraw.Draw(poster)

    y = COVER_HEIGHT + margin - 8
    y = cards.draw_lines(draw, (margin, y), title_lines, title_font, cards.INK, 62)
    y += 12
    if byline:
        draw.text((margin, y), byline, font=byline_font, fill=cards.MUTED)
        y += 40
    if excerpt_lines:
        y += 8
        y = cards.draw_lines(
            draw, (margin, y), excerpt_lines, excerpt_font, cards.INK_SOFT, 44
        )
        y += 16
    draw.line((margin, y, width - margin, y), fill=cards.LINE, width=2)
    y += 32

    qr_x = width - margin - qr.width
    poster.paste(qr, (qr_x, y))
    text_width = qr_x - margin - 24
    text_y = y + 8
    if logo is not None:
        plate = cards.fit_logo(logo, (text_width, 72))
        poster.paste(plate, (margin, text_y))
        text_y += plate.height + 16
    elif site_name:
        for line in cards.wrap_text(site_name, name_font, text_width, max_lines=2):
            draw.text((margin, text_y), line, font=name_font, fill=cards.INK)
            text_y += 44
        text_y += 8
    if scan_hint:
        hint = cards.wrap_text(scan_hint, hint_font, text_width, max_lines=2)
        text_y = cards.draw_lines(
            draw, (margin, text_y), hint, hint_font, cards.MUTED, 34
        )
    return poster


def byline(article):
    published = timezone.localtime(article.published_at)
    return f"{article.author_name} · {date_format(published, 'Y-m-d H:i')}"


def poster_inputs(article, site):
    """Everything the poster shows, as values: its version is a digest of them."""
    return {
        "title": article.title,
        "url": absolute_url(article.get_absolute_url()),
        "excerpt": clean_text(article.excerpt, 0, markup=True),
        "byline": byline(article),
        "site_name": site.display_site_name,
        "scan_hint": _("Scan the QR code to read the article"),
    }


def poster_version(article, site):
    inputs = poster_inputs(article, site)
    return cards.version_key(
        LAYOUT,
        *inputs.values(),
        article.cover.name if article.cover else "",
        sorted(article.cover_renditions),
        site.logo.name if site.logo else "",
        cards.font_signature(),
        get_language(),
    )


def article_cover(article):
    """Open the cover for the poster: its 800 px rendition when there is one."""
    rendition = article.cover_rendition(800) if article.cover else None
    name = rendition.get("jpeg") if rendition else None
    return cards.open_image(article.cover, name=name)


def article_poster_image(article, site):
    return render_poster(
        **poster_inputs(article, site),
        cover=article_cover(article),
        logo=cards.open_site_logo(site),
    )


def _share_image_of(slug, kind):
    """The published article, the site's settings, and what names the article's `kind`
    image (poster, card): its stored name, its Last-Modified and its download name."""
    article = get_object_or_404(
        Article.objects.published().select_related("author__author_profile"),
        slug=slug,
    )
    site = site_settings()
    image = {
        "name": f"article-{article.pk}",
        "last_modified": max(article.updated_at, site.updated_at),
        "filename": f"{article.slug}-{kind}.png",
    }
    return article, site, image


@require_safe
def article_poster(request, slug):
    """The article's poster PNG, drawn once per version of the article."""
    article, site, image = _share_image_of(slug, "poster")
    return cards.share_image(
        request,
        folder="posters",
        version=poster_version(article, site),
        draw=lambda: article_poster_image(article, site),
        **image,
    )


@require_safe
def article_card(request, slug):
    """The 1200x630 share card of an article without a cover."""
    article, site, image = _share_image_of(slug, "card")
    return cards.share_card(
        request, title=article.title, subtitle=byline(article), site=site, **image
    )


@require_safe
def article_qr(request, slug):
    """The QR code of the article's address, as SVG: the share bar's WeChat image."""
    article = get_object_or_404(Article.objects.published().only("slug"), slug=slug)
    url = absolute_url(article.get_absolute_url())
    etag = f'"{hash_text(url)}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(cards.qr_svg(url), content_type="image/svg+xml")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.AGENCY_POSTER_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
