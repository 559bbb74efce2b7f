"""Share images drawn on the server: fonts, text layout, QR codes and the 1200x630 card.

Drawing is pure (values in, a Pillow image out). `stored_png()` keeps each drawn version
as a file under MEDIA_ROOT so it is drawn once, and `png_response()` serves it with
validators, so browsers and proxies revalidate instead of downloading it again.
"""

import hashlib
import logging
import os
import re
import time
import uuid
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from PIL import Image, ImageDraw, ImageFont, ImageOps

logger = logging.getLogger(__name__)

BRAND = (18, 73, 214)
BRAND_DARK = (11, 47, 145)
INK = (15, 23, 42)
INK_SOFT = (51, 65, 85)
MUTED = (85, 98, 122)
LINE = (226, 232, 240)
WHITE = (255, 255, 255)
CARD_SIZE = (1200, 630)
ELLIPSIS = "…"

# --- Fonts ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _truetype(path, index, size):
    return ImageFont.truetype(path, size, index=index)


def load_font(size, *, bold=False):
    """Return the poster font at `size` px: the CJK font of the settings, else Pillow's.

    Without the configured font (not installed, wrong path) Latin text still draws in
    Pillow's built-in font; Chinese characters then show as boxes, and the log says why.
    """
    path = settings.AGENCY_POSTER_FONT_BOLD if bold else settings.AGENCY_POSTER_FONT
    path = path or settings.AGENCY_POSTER_FONT
    if path:
        try:
            return _truetype(str(path), settings.AGENCY_POSTER_FONT_INDEX, size)
        except OSError:
            _warn_missing_font(str(path))
    return ImageFont.load_default(size)


@lru_cache(maxsize=8)
def _warn_missing_font(path):
    logger.warning(
        "Poster font %s cannot be read; drawing with Pillow's built-in font, which "
        "has no Chinese characters. Install fonts-noto-cjk or set AGENCY_POSTER_FONT.",
        path,
    )


def font_signature():
    """What changes every drawn image when it changes: part of each version key."""
    return (
        f"{settings.AGENCY_POSTER_FONT}|{settings.AGENCY_POSTER_FONT_BOLD}|"
        f"{settings.AGENCY_POSTER_FONT_INDEX}"
    )


# --- Text layout ------------------------------------------------------------------------

# One token per CJK character (a line may break between any two), one per Latin word
# with the spaces after it, so words are never split unless longer than a line.
_CJK = (
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_TOKEN = re.compile(
    rf"{_CJK}|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+\s*|\s+"
)
# Closing punctuation may not start a line (Chinese line-breaking rules): it hangs.
_NO_LINE_START = set("，。、；：？！）」』》〉】〕”’…,.;:?!)]}%")


def text_width(font, text):
    return font.getlength(text)


def _fit_chars(font, text, max_width):
    """Return how many leading characters of `text` fit in `max_width` (at least 1)."""
    n = len(text)
    while n > 1 and text_width(font, text[:n]) > max_width:
        n -= 1
    return n


def wrap_text(text, font, max_width, max_lines=None):
    """Break `text` into lines no wider than `max_width`, for Chinese and Latin alike.

    With `max_lines`, the last line kept ends with an ellipsis when text was cut.
    """
    text = " ".join(str(text or "").split())
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        candidate = line + token
        fits = text_width(font, candidate.rstrip()) <= max_width
        if fits or not line.strip() or token in _NO_LINE_START:
            line = candidate
        else:
            lines.append(line.rstrip())
            line = token.lstrip()
        # A single word wider than the line is cut where it must be.
        while text_width(font, line.rstrip()) > max_width and len(line.rstrip()) > 1:
            n = _fit_chars(font, line, max_width)
            lines.append(line[:n].rstrip())
            line = line[n:].lstrip()
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1], font, max_width)
    return lines


def ellipsize(text, font, max_width):
    text = text.rstrip()
    while text and text_width(font, text + ELLIPSIS) > max_width:
        text = text[:-1].rstrip()
    return text + ELLIPSIS


def draw_lines(draw, xy, lines, font, fill, line_height):
    x, y = xy
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += line_height
    return y


# --- Pictures ---------------------------------------------------------------------------


def gradient(size, top=BRAND, bottom=BRAND_DARK):
    """Return a diagonal brand gradient: the fallback when there is no cover."""
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp
    )
    # A soft light circle in a corner, so the fallback does not look like an error.
    overlay = Image.new("L", size, 0)
    ImageDraw.Draw(overlay).ellipse(
        (width * 0.55, -height * 0.6, width * 1.4, height * 0.9), fill=40
    )
    return Image.composite(Image.new("RGB", size, WHITE), image, overlay)


def open_image(field_file, *, max_size=(1600, 1600), name=None):
    """Open an uploaded image as RGB, oriented and shrunk; None when it cannot be read.

    `name` reads another file of the same storage instead (a smaller rendition).
    """
    if not field_file:
        return None
    name = name or field_file.name
    try:
        with field_file.storage.open(name, "rb") as handle, Image.open(handle) as image:
            image.draft("RGB", max_size)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(max_size)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGBA", image.size, WHITE)
                image = Image.alpha_composite(background, image)
            return image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Cannot read image %s for a share picture", name)
        return None


def qr_image(data, size):
    """Return a QR code of `data`, `size` px square at most, in whole pixels per module."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white").get_image()
    modules = image.size[0]
    scale = max(1, size // modules)
    return image.convert("RGB").resize(
        (modules * scale, modules * scale), Image.Resampling.NEAREST
    )


def fit_logo(logo, box):
    logo = logo.copy()
    logo.thumbnail(box)
    return logo


# --- The 1200x630 card ------------------------------------------------------------------


# Bump when the card's layout changes, so every stored card is drawn again.
CARD_LAYOUT = 1


def render_card(*, title, subtitle="", site_name="", logo=None):
    """Draw the 1200x630 share card: brand background, site, title, subtitle."""
    width, height = CARD_SIZE
    image = gradient(CARD_SIZE)
    draw = ImageDraw.Draw(image)
    margin = 72
    top = margin
    if logo is not None:
        plate = fit_logo(logo, (320, 72))
        pad = 12
        draw.rounded_rectangle(
            (
                margin - pad,
                top - pad,
                margin + plate.width + pad,
                top + plate.height + pad,
            ),
            radius=10,
            fill=WHITE,
        )
        image.paste(plate, (margin, top))
        top += plate.height + pad
    elif site_name:
        draw.text((margin, top), site_name, font=load_font(36, bold=True), fill=WHITE)
        top += 48
    title_font = load_font(64, bold=True)
    lines = wrap_text(title, title_font, width - 2 * margin, max_lines=3)
    line_height = 84
    block = line_height * len(lines)
    y = max(top + 40, (height - block) // 2)
    draw_lines(draw, (margin, y), lines, title_font, WHITE, line_height)
    if subtitle:
        sub_font = load_font(30)
        sub = wrap_text(subtitle, sub_font, width - 2 * margin, max_lines=1)
        draw_lines(draw, (margin, height - margin - 36), sub, sub_font, LINE, 40)
    return image


# --- Stored once, served with validators ------------------------------------------------

LOCK_SECONDS = 30
WAIT_SECONDS = 10


def version_key(*parts):
    """Return a short digest of everything drawn: a new one for each new version."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def stored_png(folder, name, version, draw):
    """Return the path of MEDIA_ROOT/<folder>/<name>-<version>.png, drawing it once.

    Concurrent requests for a version not yet drawn take turns on a cache lock (shared
    by every process when the cache is Redis): one draws, the others wait for its file.
    A drawer that dies only delays the others by the wait; a cache that cannot keep the
    lock (down, full) delays nobody: each request draws. Files appear atomically, and
    older versions of the same name are removed.
    """
    directory = Path(settings.MEDIA_ROOT) / folder
    path = directory / f"{name}-{version}.png"
    if path.exists():
        return path
    lock = f"cards:lock:{folder}/{name}-{version}"
    deadline = time.monotonic() + WAIT_SECONDS
    held = cache.add(lock, os.getpid(), timeout=LOCK_SECONDS)
    while not held:
        if not cache.has_key(lock):
            # No lock to wait for: it was just released, or the cache cannot keep one
            # (Redis down or full answers every add with False). Draw without it rather
            # than hold a worker for the whole wait; the file still appears atomically.
            break
        time.sleep(0.05)
        if path.exists():
            return path
        if time.monotonic() > deadline:
            break
        held = cache.add(lock, os.getpid(), timeout=LOCK_SECONDS)
    try:
        if path.exists():
            return path
        image = draw()
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f".{name}-{uuid.uuid4().hex}.tmp"
        image.save(temporary, "PNG")
        os.replace(temporary, path)
        for old in directory.glob(f"{name}-*.png"):
            if old != path:
                old.unlink(missing_ok=True)
        return path
    finally:
        if held:
            cache.delete(lock)


def png_response(request, path, *, etag, last_modified, filename, max_age=300):
    """Serve a stored PNG; answer 304 when the client's copy is still this version."""
    etag = f'"{etag}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = FileResponse(
            open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
            content_type="image/png",
            filename=filename,
        )
    response["ETag"] = etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    # Short freshness, then revalidation: an edited article shows its new poster soon.
    patch_cache_control(response, public=True, max_age=max_age)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def share_image(request, *, folder, name, version, draw, last_modified, filename):
    """Serve a generated share image: drawn once per version (`stored_png`), then
    answered with its ETag and Last-Modified, fresh for AGENCY_POSTER_MAX_AGE."""
    path = stored_png(folder, name, version, draw)
    return png_response(
        request,
        path,
        etag=version,
        last_modified=last_modified,
        filename=filename,
        max_age=settings.AGENCY_POSTER_MAX_AGE,
    )


def share_card(request, *, name, title, subtitle, site, last_modified, filename):
    """Serve the 1200x630 share card of `title` and `subtitle`, signed with the site's
    name and logo (`site` is the site's settings): what a page without a picture of
    its own shows on social networks."""
    inputs = {"title": title, "subtitle": subtitle, "site_name": site.display_site_name}
    version = version_key(
        CARD_LAYOUT,
        *inputs.values(),
        site.logo.name if site.logo else "",
        font_signature(),
    )
    return share_image(
        request,
        folder="cards",
        name=name,
        version=version,
        draw=lambda: render_card(**inputs, logo=open_site_logo(site)),
        last_modified=last_modified,
        filename=filename,
    )


def open_site_logo(site):
    """Open the site's logo for a card or a poster, small enough to draw quickly."""
    return open_image(site.logo, max_size=(600, 200))


def qr_svg(data):
    """Return an SVG QR code of `data` (cached: it never changes)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    from agency.core.seo import hash_text

    key = f"seo:qr-svg:{hash_text(data)}"
    svg = cache.get(key)
    if svg is None:
        image = qrcode.make(data, image_factory=SvgPathImage, box_size=10, border=2)
        svg = image.to_string(encoding="unicode")
        cache.set(key, svg, timeout=7 * 24 * 60 * 60)
    return svg
