"""Images are validated before they are stored: editor uploads and image fields alike."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agency.core.images import validate_image_file

pytestmark = pytest.mark.django_db


def png_bytes(size=(20, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_image_passes():
    validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_html_disguised_as_png_is_refused():
    fake = SimpleUploadedFile("a.png", b"<html><script>alert(1)</script>", "image/png")
    with pytest.raises(ValidationError, match="not one"):
        validate_image_file(fake)


def test_too_many_pixels_is_refused(settings):
    settings.AGENCY_MAX_IMAGE_PIXELS = 100
    with pytest.raises(ValidationError, match="pixels"):
        validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_too_large_file_is_refused(settings):
    settings.AGENCY_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="limit"):
        validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("a.svg", svg, "image/svg+xml"))


def test_editor_uploads_an_image_into_the_body(editor_client, settings):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == "1"
    assert data["url"].startswith("/media/uploads/")
    # Stored under a random name, not the uploader's.
    assert "photo" not in data["url"]
    assert data["url"].endswith(".png")


def test_editor_upload_of_a_non_image_is_refused(editor_client):
    upload = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", "image/png")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0


def test_visitors_cannot_upload(client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_uploaded_media_is_served_with_nosniff(editor_client, client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    url = editor_client.post("/ckeditor/upload/", {"upload": upload}).json()["url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"


# --- Polyglots: an image that is also a script or a page -------------------------------

SCRIPT = b"alert(document.domain)"


def gif_script_polyglot():
    """A GIF that is also JavaScript: its width bytes open a comment (`GIF87a/*`), the
    script follows the image after `*/`. Pillow reads it as a valid 10799 x 1 GIF."""
    buffer = io.BytesIO()
    Image.new("P", (0x2A2F, 1)).save(buffer, "GIF")
    data = buffer.getvalue()
    assert data[:8] == b"GIF87a/*"
    return data + b"*/=" + SCRIPT + b";"


def png_with_html_after():
    return png_bytes() + b"<html><body><script>" + SCRIPT + b"</script></body></html>"


def jpeg_with_svg_comment():
    buffer = io.BytesIO()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="' + SCRIPT + b'"/>'
    Image.new("RGB", (20, 10), "navy").save(buffer, "JPEG", comment=svg)
    return buffer.getvalue()


def png_with_xhtml_text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    xhtml = (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><script>' + SCRIPT + b"</script>"
    )
    info.add_text("Comment", xhtml.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


POLYGLOTS = [
    ("evil.js", gif_script_polyglot, ".gif"),
    ("evil.html", png_with_html_after, ".png"),
    ("evil.svg", jpeg_with_svg_comment, ".jpg"),
    ("evil.xhtml", png_with_xhtml_text_chunk, ".png"),
    ("evil.png.htm", png_with_html_after, ".png"),
    ("EVIL.JPG", png_with_html_after, ".png"),  # the name lies about the format too
]


def stored_bytes(url, settings):
    from django.core.files.storage import default_storage

    with default_storage.open(url.removeprefix(settings.MEDIA_URL), "rb") as f:
        return f.read()


@pytest.mark.parametrize(("name", "make", "extension"), POLYGLOTS)
def test_editor_upload_of_a_polyglot_is_stored_as_the_image_it_is(
    editor_client, client, settings, name, make, extension
):
    """The stored name's extension is the format Pillow found, the bytes re-encoded."""
    data = make()
    assert SCRIPT in data
    upload = SimpleUploadedFile(name, data, "text/html")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.endswith(extension)
    assert "evil" not in url.lower()
    assert SCRIPT not in stored_bytes(url, settings)
    served = client.get(url)
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT not in b"".join(served.streaming_content)


@pytest.mark.parametrize(("name", "make", "extension"), POLYGLOTS)
def test_model_image_field_stores_a_polyglot_as_the_image_it_is(
    settings, name, make, extension
):
    """Every ImageField: re-encoded and renamed on save (agency.core.images' receiver)."""
    from agency.site.models import SiteSettings
    from tests.factories import ArticleFactory, ServiceFactory

    site = SiteSettings.load()
    site.logo = SimpleUploadedFile(name, make())
    site.save()
    for obj, field in [
        (ArticleFactory(cover=SimpleUploadedFile(name, make())), "cover"),
        (ServiceFactory(image=SimpleUploadedFile(name, make())), "image"),
        (site, "logo"),
    ]:
        stored = getattr(obj, field)
        assert stored.name.endswith(extension), stored.name
        assert "evil" not in stored.name.lower()
        with stored.storage.open(stored.name, "rb") as f:
            assert SCRIPT not in f.read()


def test_editor_upload_without_metadata_is_reencoded_too(editor_client, settings):
    data = png_bytes() + b"trailing bytes the uploader added"
    upload = SimpleUploadedFile("plain.png", data, "image/png")
    url = editor_client.post("/ckeditor/upload/", {"upload": upload}).json()["url"]
    assert b"trailing bytes" not in stored_bytes(url, settings)


# --- Who may upload and browse ----------------------------------------------------------


def test_sales_may_neither_upload_nor_browse(sales_client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    assert sales_client.post("/ckeditor/upload/", {"upload": upload}).status_code == 403
    assert sales_client.get("/ckeditor/browse/").status_code == 403


def test_staff_without_a_content_role_may_neither_upload_nor_browse(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    assert client.post("/ckeditor/upload/", {"upload": upload}).status_code == 403
    assert client.get("/ckeditor/browse/").status_code == 403


def test_editors_and_superusers_may_upload_and_browse(client, editor):
    from tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    for user in (editor, superuser):
        client.force_login(user)
        upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
        response = client.post("/ckeditor/upload/", {"upload": upload})
        assert response.status_code == 200
        name = response.json()["url"].rsplit("/", 1)[1]
        browse = client.get("/ckeditor/browse/")
        assert browse.status_code == 200
        assert name in browse.content.decode()


def test_visitors_cannot_browse(client):
    response = client.get("/ckeditor/browse/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Cross-site posts -------------------------------------------------------------------


@pytest.fixture
def csrf_editor_client(editor):
    """A client that checks CSRF tokens as browsers meet them."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def page_token(client):
    """The token of the admin page the editor writes in (what the editor plugin sends)."""
    import re

    html = client.get("/admin/articles/article/add/").content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_cross_site_upload_is_refused(csrf_editor_client, settings):
    """A page on another site cannot make an editor's browser upload: no token."""
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = csrf_editor_client.post(
        "/ckeditor/upload/",
        {"upload": upload},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    # Nor with a token of its own: the token must be the editor's.
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = csrf_editor_client.post(
        "/ckeditor/upload/",
        {"upload": upload},
        headers={"X-CSRFToken": "x" * 64},
    )
    assert response.status_code == 403
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_editor_upload_with_the_pages_token_passes(csrf_editor_client):
    """What CKEditor sends with the djangocsrf plugin: the admin page's token, as a header."""
    token = page_token(csrf_editor_client)
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = csrf_editor_client.post(
        "/ckeditor/upload/",
        {"upload": upload},
        headers={"X-CSRFToken": token, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200
    assert response.json()["uploaded"] == "1"


def test_every_editor_loads_the_plugin_that_sends_the_token(editor_client):
    import html
    import json

    from django.contrib.staticfiles import finders

    page = editor_client.get("/admin/articles/article/add/").content.decode()
    config = json.loads(
        html.unescape(page.split('data-config="', 1)[1].split('"', 1)[0])
    )
    assert "djangocsrf" in config["extraPlugins"].split(",")
    resources = html.unescape(
        page.split('data-external-plugin-resources="', 1)[1].split('"', 1)[0]
    )
    assert json.loads(resources) == [
        ["djangocsrf", "/static/js/ckeditor/djangocsrf/", "plugin.js"]
    ]
    with open(finders.find("js/ckeditor/djangocsrf/plugin.js")) as plugin:
        assert "X-CSRFToken" in plugin.read()


# --- CKEditorFuncNum ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "func_num",
    [
        "1);alert(document.domain);//",
        "1</script><script>alert(1)</script>",
        "-1",
        "1e3",
    ],
)
def test_ckeditor_func_num_is_digits_only(editor_client, func_num):
    for data in (png_bytes(), b"<script>not an image</script>"):
        upload = SimpleUploadedFile("photo.png", data, "image/png")
        response = editor_client.post(
            "/ckeditor/upload/",
            {"upload": upload},
            query_params={"CKEditorFuncNum": func_num},
        )
        body = response.content.decode()
        assert "<script" not in body
        assert "alert" not in body
        assert response["Content-Type"] == "application/json"


def test_ckeditor_func_num_of_digits_calls_back(editor_client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = editor_client.post(
        "/ckeditor/upload/", {"upload": upload}, query_params={"CKEditorFuncNum": "42"}
    )
    assert (
        "CKEDITOR.tools.callFunction(42, '/media/uploads/" in response.content.decode()
    )
    bad = SimpleUploadedFile(
        "x.png", b"</script><script>alert(1)</script>", "image/png"
    )
    response = editor_client.post(
        "/ckeditor/upload/", {"upload": bad}, query_params={"CKEditorFuncNum": "42"}
    )
    body = response.content.decode()
    assert body.startswith("<script>window.parent.CKEDITOR.tools.callFunction(42, '',")
    assert body.count("<script") == 1
