"""Uploaded images: validated (a real image, of a sane size, decoded by Pillow) and
stored without metadata (EXIF, where a phone writes GPS coordinates, and XMP).
"""

import functools
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


def validate_image_file(file):
    """Refuse anything that is not a JPEG, PNG, GIF or WebP within the size limits.

    Model fields run this on every full_clean(), the unchanged file of an existing
    object included: a file already stored was checked when it was uploaded (and its
    storage handle may be closed), so only a new upload is read.
    """
    if getattr(file, "_committed", False):
        return
    file = getattr(file, "file", file) if hasattr(file, "_committed") else file
    max_bytes = settings.AGENCY_MAX_UPLOAD_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    max_pixels = settings.AGENCY_MAX_IMAGE_PIXELS
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _(
                        "The image is %(w)s x %(h)s pixels; the limit is %(limit)s pixels."
                    )
                    % {"w": width, "h": height, "limit": f"{max_pixels:,}"},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is not one."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(position)


# Info keys Pillow fills from metadata blocks that may say where or by whom a photo
# was taken; a colour profile (icc_profile) is kept, it changes how the image looks.
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment")
ORIENTATION = 0x0112


def _has_metadata(image):
    return (
        bool(image.getexif())
        or any(key in image.info for key in METADATA_KEYS)
        or bool(getattr(image, "text", None))  # PNG text chunks
    )


def strip_metadata(file):
    """Return the image in `file` re-encoded without metadata, or None if it has none.

    Returns None too for anything Pillow cannot read: refusing that is the
    validator's job, and it has already run on every path that stores an upload.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            if not _has_metadata(image):
                return None
            return _encode_without_metadata(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None
    finally:
        file.seek(position)


def _encode_without_metadata(image):
    fmt = image.format
    options = {"icc_profile": image.info.get("icc_profile")}
    if getattr(image, "is_animated", False):
        # GIF and WebP animations keep their frames and timing.
        options.update(save_all=True, loop=image.info.get("loop", 0))
        if "duration" in image.info:
            options["duration"] = image.info["duration"]
    elif fmt == "JPEG":
        if image.getexif().get(ORIENTATION, 1) == 1:
            # The encoder reuses the original's quantisation tables: no visible loss.
            options.update(quality="keep", subsampling="keep")
        else:
            # The orientation tag goes with the rest, so turn the pixels instead.
            image = ImageOps.exif_transpose(image)
            options.update(quality=90)
    if fmt == "GIF":
        # The GIF encoder copies a comment over from the original unless given one.
        options["comment"] = b""
    elif fmt == "WEBP":
        options.update(lossless=image.info.get("lossless", False), quality=90)
    buffer = BytesIO()
    image.save(buffer, fmt, **{k: v for k, v in options.items() if v is not None})
    return buffer.getvalue()


@functools.cache
def _image_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ImageField)]


@receiver(pre_save, dispatch_uid="agency.images.strip_uploaded_metadata")
def strip_uploaded_metadata(sender, instance, raw=False, **kwargs):
    """Strip metadata from every image a model is about to store for the first time.

    Every model that has an image field imports this module for its validator, so the
    receiver is connected before any of them saves; files already stored are left be.
    """
    if raw:
        return
    for field in _image_fields(sender):
        field_file = getattr(instance, field.attname)
        if not field_file or field_file._committed:
            continue
        cleaned = strip_metadata(field_file.file)
        if cleaned is not None:
            field_file.file = ContentFile(cleaned, name=field_file.name)
