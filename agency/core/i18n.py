"""The visitor's language: from the address alone, never guessed.

English pages keep their addresses; Chinese ones live under /zh-hans/ (`i18n_patterns`
with the default language unprefixed). The language is read from the path and from
nothing else: no Accept-Language, no cookie, so a crawler and a visitor see the same
page at the same address (Django's LocaleMiddleware would redirect and vary on the
header). The admin's language is the staff member's own choice, set later in the stack.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation

from agency.core.translation import DEFAULT_LANGUAGE, Translatable, current_language

# The query parameter a section is opened with from a page that has no translation
# in its language: the section says so (see `language_links`).
UNTRANSLATED_PARAM = "untranslated"


class LanguageFromPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = (
            translation.get_language_from_path(request.path_info)
            or settings.LANGUAGE_CODE
        )
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", current_language())
        finally:
            # Nothing after the request (a test, a thread's next job) inherits it.
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate()
        return response


def _page_address(request, page_number=None):
    """The page's path, with the number of a list's page after the first: never the
    query as asked (a draft's slug in ?article=, a visitor's own words), which would be
    kept in cached HTML and shown to others. The number comes from the list itself (its
    `page_obj`), not from the query: a page that reads no parameter keeps one copy in
    the page cache whatever it is asked with."""
    if page_number and page_number > 1:
        return f"{request.path}?page={page_number}"
    return request.path


def page_alternates(request, subject, page_number=None):
    """{language: path} of this page in each language visitors may read it in.

    A piece of content has the languages of its live translations (itself included);
    any other page (a list, the home page, the contact form) exists in every language,
    at the same address under the other prefix."""
    if isinstance(subject, Translatable):
        if not subject.is_live:
            return {}
        # The head and the switcher both ask: one query per request.
        memo = getattr(request, "_page_alternates", {})
        key = (subject._meta.label, subject.pk)
        if key not in memo:
            memo[key] = {
                language: row.absolute_url_in_language()
                for language, row in subject.live_translations().items()
            }
            if request is not None:
                request._page_alternates = memo
        return memo[key]
    if request is None or request.resolver_match is None:
        return {}
    return {
        code: translate_url(_page_address(request, page_number), code)
        for code, _name in settings.LANGUAGES
    }


def switcher_fragment(request):
    """(name, vary) of the kept language switcher of this request's page (the frame
    prefetches it with the header and footer). By path alone: its links go to the
    other language's first page of a list (whose pages hold other articles), and
    reading no parameter keeps the page cache's one copy of a page that reads none."""
    return "language-switcher", [request.path]


def html_language(code=None):
    """The language as HTML and schema.org write it (BCP 47: `zh-Hans`)."""
    code = code or current_language()
    language, _sep, script = code.partition("-")
    return f"{language}-{script.title()}" if script else language


def og_locale(code=None):
    """The language as Open Graph writes it (`zh_CN`)."""
    return "zh_CN" if (code or current_language()).startswith("zh") else "en_US"


def x_default(alternates):
    """The page for readers of neither language: the default language's, or the one
    there is."""
    if DEFAULT_LANGUAGE in alternates:
        return alternates[DEFAULT_LANGUAGE]
    return next(iter(alternates.values()), None)


def language_links(request, subject, alternates, page_number=None):
    """The switcher's links, one per language: (code, name, url, current, missing).

    `missing`: the page has no translation there, so the link goes to that language's
    section of the same kind (`translation_section` of the model, or the home page),
    which says so (UNTRANSLATED_PARAM); never silently to the home page."""
    current = current_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url, missing = alternates.get(code), False
        if code == current:
            url = _page_address(request, page_number) if request else url
        elif url is None:
            missing = True
            section = getattr(subject, "translation_section", None) or "home"
            with translation.override(code):
                url = reverse(section)
            url = f"{url}?{UNTRANSLATED_PARAM}={current}"
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
                "missing": missing,
            }
        )
    return links


class InItsOwnLanguage:
    """For the page of one piece of content: an address naming a translation in the
    other language (/articles/<a Chinese article's slug>/, from an old link) redirects
    to that translation's own address instead of answering 404."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            found = (
                self.get_queryset()
                .model._default_manager.published(language=None)
                .filter(slug=kwargs.get("slug"))
                .exclude(language=current_language())
                .first()
            )
            if found is None:
                raise
            # The piece in this address's language where it is written, else as found.
            target = found.live_translations().get(current_language(), found)
            return HttpResponseRedirect(target.get_absolute_url())
