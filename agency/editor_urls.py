"""CKEditor's upload and browse views: uploads checked as real, bounded images and
stored without their metadata (GPS coordinates among it).
"""

import json
import os
import uuid

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .images import strip_metadata, validate_image_file


def random_filename(filename, request=None):
    """Store uploads under random names: nothing guessable, nothing the uploader chose."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"{uuid.uuid4().hex}{extension}"


def _refuse(request, message):
    func_num = request.GET.get("CKEditorFuncNum")
    if func_num:
        # The dialog's iframe expects a script that calls back into the editor.
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{escape(func_num)}, '', {escape(json.dumps(message))});</script>"
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


@csrf_exempt  # CKEditor 4 posts without Django's token; the view is staff-only.
@require_POST
def upload(request):
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refuse(request, "No file was sent.")
    try:
        validate_image_file(uploaded)
    except ValidationError as error:
        return _refuse(request, " ".join(error.messages))
    cleaned = strip_metadata(uploaded)
    if cleaned is not None:
        request.FILES["upload"] = SimpleUploadedFile(
            uploaded.name, cleaned, uploaded.content_type
        )
    return ckeditor_views.upload(request)


urlpatterns = [
    re_path(r"^upload/", staff_member_required(upload), name="ckeditor_upload"),
    re_path(
        r"^browse/",
        never_cache(staff_member_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
]
