"""Validation of uploaded images: a real image, of a sane size, decoded by Pillow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


def validate_image_file(file):
    """Refuse anything that is not a JPEG, PNG, GIF or WebP within the size limits."""
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
