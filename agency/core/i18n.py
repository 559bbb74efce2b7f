"""The visitor's language: from the address alone, never guessed.

English pages keep their addresses; Chinese ones live under /zh-hans/ (`i18n_patterns`
with the default language unprefixed). The language is read from the path and from
nothing else: no Accept-Language, no cookie, so a crawler and a visitor see the same
page at the same address (Django's LocaleMiddleware would redirect and vary on the
header). The admin's language is the staff member's own choice, set later in the stack.
"""

from django.conf import settings
from django.utils import translation

from agency.core.translation import current_language


class LanguageFromPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = (
            translation.get_language_from_path(request.path_info)
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", current_language())
        return response
