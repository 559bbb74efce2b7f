"""Resized copies of article covers, made once on save in the sizes templates use.

Each size is cropped to 16:9 (the card shape) and saved as WebP and as JPEG for the few
browsers without WebP. The stored paths go into `Article.cover_renditions`.
"""

import logging
import posixpath
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from agency.core.images import random_name

logger = logging.getLogger(__name__)

# Card thumbnails (400), sidebar/related and phone article covers (800), desktop (1200).
COVER_SIZES = (400, 800, 1200)
ASPECT = (16, 9)
# Author avatars: shown at 56 and 72 px, so 144 px covers screens of twice the density.
AVATAR_SIZE = 144


def cover_source_changed(cover, renditions):
    return (cover.name or "") != (renditions or {}).get("source", "")


def _random_stem(name):
    """A random name beside `name`: a copy of an unpublished article's cover is no
    easier to guess than the cover (nor found from an old, guessable cover name)."""
    return posixpath.join(posixpath.dirname(name), random_name(""))


def _encode(image, fmt):
    buffer = BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=80, method=4)
    else:
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def make_cover_renditions(cover):
    """Return the renditions of `cover` (an ImageFieldFile), writing their files."""
    if not cover or not cover.name:
        return {}
    stem = _random_stem(cover.name)
    renditions = {"source": cover.name}
    try:
        cover.open("rb")
        with Image.open(cover) as original:
            original = ImageOps.exif_transpose(original).convert("RGB")
            for width in COVER_SIZES:
                height = round(width * ASPECT[1] / ASPECT[0])
                if original.width < width // 2:
                    # Never blow a tiny image up more than twice its size.
                    continue
                resized = ImageOps.fit(
                    original, (width, height), Image.Resampling.LANCZOS
                )
                entry = {"width": width, "height": height}
                for fmt, ext in (("webp", "webp"), ("jpeg", "jpg")):
                    name = default_storage.save(
                        f"{stem}-{width}.{ext}", ContentFile(_encode(resized, fmt))
                    )
                    entry[fmt] = name
                renditions[str(width)] = entry
    except (OSError, ValueError, Image.DecompressionBombError):
        # The original was validated on upload; if it still cannot be read, the
        # templates fall back to the original file rather than failing the save.
        logger.exception("Could not make renditions of %s", cover.name)
        return {"source": cover.name}
    finally:
        cover.close()
    return renditions


def make_square_thumbnail(image_file, size):
    """Return the path of a `size` px square JPEG of `image_file`, or "" without one."""
    if not image_file or not image_file.name:
        return ""
    stem = _random_stem(image_file.name)
    try:
        image_file.open("rb")
        with Image.open(image_file) as original:
            square = ImageOps.fit(
                ImageOps.exif_transpose(original).convert("RGB"),
                (size, size),
                Image.Resampling.LANCZOS,
            )
            return default_storage.save(
                f"{stem}-{size}.jpg", ContentFile(_encode(square, "jpeg"))
            )
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.exception("Could not make a thumbnail of %s", image_file.name)
        return ""
    finally:
        image_file.close()
