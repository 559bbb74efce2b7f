"""CKEditor's upload and browse views, for staff who may edit rich text.

Uploads are checked as real, bounded images, re-encoded (no metadata, no polyglot
bytes) and stored under a random name with the extension of the format Pillow found.
The upload takes Django's CSRF token like any other post: CKEditor sends it as a header
(static/js/ckeditor/djangocsrf/plugin.js, loaded through CKEDITOR_CONFIGS).
"""

import functools
import json
import os

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.fields import RichTextUploadingField
from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agency.core.images import IMAGE_TYPES, random_name, reencode, validate_image_file


def random_filename(filename, request=None):
    """Store uploads under random names: nothing guessable, nothing the uploader chose.

    The upload view has already renamed the file to its format's extension.
    """
    return random_name(os.path.splitext(filename)[1])


@functools.cache
def rich_text_permissions():
    """The add and change permissions of every model with an uploading rich text field."""
    permissions = set()
    for model in apps.get_models():
        opts = model._meta
        if any(isinstance(f, RichTextUploadingField) for f in opts.concrete_fields):
            permissions.update(
                f"{opts.app_label}.{get_permission_codename(action, opts)}"
                for action in ("add", "change")
            )
    return frozenset(permissions)


def content_permission_required(view):
    """Staff only (others go to the sign-in page), and only staff who edit content."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not any(user.has_perm(permission) for permission in rich_text_permissions()):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_member_required(wrapper)


def _func_num(request):
    """CKEditor's callback number: digits, or None (nothing else is ever echoed)."""
    value = request.GET.get("CKEditorFuncNum", "")
    return value if value.isascii() and value.isdigit() and len(value) < 10 else None


def _refuse(request, message):
    func_num = _func_num(request)
    if func_num:
        # The dialog's iframe expects a script that calls back into the editor;
        # json.dumps escapes "<" so the message cannot close the script.
        message = json.dumps(message).replace("<", "\\u003c")
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', {message});</script>"
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


@require_POST
def upload(request):
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refuse(request, gettext("No file was sent."))
    try:
        validate_image_file(uploaded)
        data, extension = reencode(uploaded)
    except ValidationError as error:
        return _refuse(request, " ".join(error.messages))
    request.FILES["upload"] = SimpleUploadedFile(
        f"image{extension}", data, IMAGE_TYPES[extension]
    )
    # django-ckeditor echoes CKEditorFuncNum into a script: only digits reach it.
    query = request.GET.copy()
    query.pop("CKEditorFuncNum", None)
    if func_num := _func_num(request):
        query["CKEditorFuncNum"] = func_num
    request.GET = query
    return ckeditor_views.upload(request)


urlpatterns = [
    re_path(r"^upload/", content_permission_required(upload), name="ckeditor_upload"),
    re_path(
        r"^browse/",
        never_cache(content_permission_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
]
