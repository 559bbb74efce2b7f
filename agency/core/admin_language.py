"""Each staff user's own language: the admin they see and the e-mails they get.

The preference is a row of `StaffPreference` (the site's language until they choose).
`AdminLanguageMiddleware` shows the admin in it; the public site's language comes from
its address instead (agency.core.i18n), so one never leaks into the other: the language
is put back when an admin response is done, streamed ones (a CSV export) included.
Before sign-in (the login page) the admin speaks the browser's language: the language
cookie the choice leaves for the admin's path, else Accept-Language, else the default.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import StaffPreference


def admin_path():
    return f"/{settings.AGENCY_ADMIN_URL}"


def supported(language):
    """`language` as one of settings.LANGUAGES' codes, or None."""
    try:
        return translation.get_supported_language_variant(language or "")
    except LookupError:
        return None


def preferred_language(user):
    """The language this user chose, the site's default if none."""
    if user is None or not user.is_authenticated:
        return settings.LANGUAGE_CODE
    language = (
        StaffPreference.objects.filter(user=user)
        .values_list("language", flat=True)
        .first()
    )
    return supported(language) or settings.LANGUAGE_CODE


def languages_of_addresses(addresses):
    """{address: language} for e-mail addresses: the preference of the active user with
    that address (the first made, when several share it), else the site's default."""
    wanted = {address: address.strip().lower() for address in addresses}
    found = {}
    users = (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(is_active=True, address__in=set(wanted.values()))
        .order_by("-pk")
        .values_list("address", "staff_preference__language")
    )
    for address, language in users:
        # Ordered newest first, so the oldest account's choice is the one kept.
        found[address] = supported(language) or settings.LANGUAGE_CODE
    return {
        address: found.get(lowered, settings.LANGUAGE_CODE)
        for address, lowered in wanted.items()
    }


class AdminLanguageMiddleware:
    """Activate the admin's language for requests under AGENCY_ADMIN_URL.

    After AuthenticationMiddleware (it reads `request.user`) and after the public
    site's language middleware, whose choice it replaces on admin paths.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    # What staff open from the admin outside its URLs: CKEditor's upload and browse.
    STAFF_PATHS = ("/ckeditor/",)

    def __call__(self, request):
        if not request.path_info.startswith((admin_path(), *self.STAFF_PATHS)):
            return self.get_response(request)
        signed_in = request.user.is_authenticated
        if signed_in:
            language = preferred_language(request.user)
        else:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        if not signed_in:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        if response.streaming:
            # Written after this returns (a CSV export): in the language all the same.
            wrap = _in_language_async if response.is_async else _in_language
            response.streaming_content = wrap(language, response.streaming_content)
        return response


def _in_language(language, chunks):
    """Stream `chunks` with `language` active, then put the default back."""
    translation.activate(language)
    try:
        yield from chunks
    finally:
        translation.deactivate()


async def _in_language_async(language, chunks):
    translation.activate(language)
    try:
        async for chunk in chunks:
            yield chunk
    finally:
        translation.deactivate()


@require_POST
def set_admin_language(request):
    """Save the signed-in user's own admin language and go back to where they were.

    Wrapped by the admin site (staff only, CSRF-checked): a user changes only their own.
    """
    language = supported(request.POST.get("language"))
    if language is None or language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language.")
    StaffPreference.objects.update_or_create(
        user=request.user, defaults={"language": language}
    )
    back = request.POST.get("next", "")
    if not (
        back.startswith(admin_path())
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        back = reverse("admin:index")
    response = HttpResponseRedirect(back)
    # For the login page once signed out: it knows no user, but reads this cookie.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=admin_path(),
        secure=request.is_secure() or settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
