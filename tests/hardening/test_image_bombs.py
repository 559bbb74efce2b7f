"""An animation of many large frames is refused from its header and frame count, before
any frame is decoded: frames x width x height against AGENCY_MAX_IMAGE_PIXELS."""

import io
import struct
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agency.core.images import reencode, validate_image_file
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def many_frame_gif(width, height, frames):
    """A GIF whose screen is width x height with `frames` frames of one pixel each:
    about 20 bytes a frame on disk, width x height pixels a frame once decoded."""
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
    palette = b"\x00\x00\x00\xff\xff\xff"
    frame = (
        b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # 0.1 s per frame
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
        + b"\x02\x02\x44\x01\x00"  # one pixel, LZW-coded
    )
    return header + palette + frame * frames + b"\x3b"


def animation(fmt, size, frames):
    images = [Image.new("RGB", size, (i * 7 % 256, 80, 160)) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, fmt, save_all=True, append_images=images[1:], duration=50)
    return buffer.getvalue()


def test_the_crafted_gif_is_what_it_claims():
    with Image.open(io.BytesIO(many_frame_gif(2000, 2000, 12))) as image:
        assert image.size == (2000, 2000)
        assert image.n_frames == 12


def test_a_gif_of_many_large_frames_is_refused_at_the_default_limit(settings):
    """12 frames of 2000 x 2000 = 48 million pixels: each frame alone is allowed."""
    assert settings.AGENCY_MAX_IMAGE_PIXELS == 40_000_000
    data = many_frame_gif(2000, 2000, 12)
    assert len(data) < 400
    validate_image_file(SimpleUploadedFile("one.gif", many_frame_gif(2000, 2000, 1)))
    with pytest.raises(ValidationError, match="12 frames"):
        validate_image_file(SimpleUploadedFile("a.gif", data))
    with pytest.raises(ValidationError, match="12 frames"):
        reencode(io.BytesIO(data))


def test_a_bomb_of_thousands_of_frames_is_refused_without_decoding_them():
    """20,000 frames of 4000 x 4000: 320 billion pixels in 400 KB, refused in well
    under a second (decoding it would take the worker's memory and minutes)."""
    data = many_frame_gif(4000, 4000, 20_000)
    assert len(data) < 500_000
    started = time.monotonic()
    with pytest.raises(ValidationError, match="frames"):
        validate_image_file(SimpleUploadedFile("bomb.gif", data))
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_animations_count_every_frame(settings, fmt):
    """GIF, APNG and animated WebP alike: 30 frames of 200 x 200 > 1 million pixels."""
    settings.AGENCY_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match="30 frames"):
        validate_image_file(SimpleUploadedFile("a", animation(fmt, (200, 200), 30)))
    validate_image_file(SimpleUploadedFile("a", animation(fmt, (200, 200), 20)))


def test_editor_upload_of_the_bomb_is_refused(editor_client):
    upload = SimpleUploadedFile("bomb.gif", many_frame_gif(4000, 4000, 5000))
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 400
    assert "frames" in response.json()["error"]["message"]


def test_a_model_save_refuses_the_bomb_even_without_full_clean():
    """The pre_save re-encoder checks too: no path stores it, none decodes it."""
    with pytest.raises(ValidationError, match="frames"):
        ArticleFactory(
            cover=SimpleUploadedFile("b.gif", many_frame_gif(4000, 4000, 50))
        )


def test_an_admin_upload_of_the_bomb_is_refused_with_a_message(editor_client):
    from articles.models import Article

    article = ArticleFactory()
    response = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    form = response.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "tags"
    }
    assert data  # the form's own values, as the browser sends them back
    bomb = SimpleUploadedFile("b.gif", many_frame_gif(4000, 4000, 50), "image/gif")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", {**data, "cover": bomb}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "frames" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).cover
