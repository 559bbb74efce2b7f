"""One page of every type the site has, found in the demo content, and how to load
all its images before looking at it.

Shared by the browser tests and scripts/screenshots.py, so the screenshots show the
pages the tests check.
"""

from django.urls import reverse

NOT_FOUND = "/no-such-page/"
# What each language's search page is opened with.
SEARCHES = {"en": "?q=mini+program", "zh-hans": "?q=%E5%B0%8F%E7%A8%8B%E5%BA%8F"}
LANGUAGES = ["en", "zh-hans"]

# Lazy images load now; resolves once every image has loaded or failed.
LOAD_ALL_IMAGES = """() => Promise.all([...document.images].map(img => {
    img.loading = "eager";
    return img.complete ? null : new Promise(done => {
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
    });
}))"""


def page_types(language="en"):
    """Return {name: path} for one page of each type in `language`, from the demo
    content (Chinese pages under /zh-hans/)."""
    from django.utils import translation

    with translation.override(language):
        return _page_types(language)


def _page_types(language):
    from agency.site.models import Page
    from articles.models import Article
    from services.models import CaseStudy, LandingPage, Service, Solution

    article = (
        Article.objects.published()
        .exclude(cover="")
        .select_related("category", "author__author_profile")
        .order_by("-published_at")
        .first()
    )
    tag = article.tags.order_by("slug").first()
    # A service with sub-services shows the most of its template.
    service = (
        Service.objects.published()
        .filter(parent__isnull=True, children__isnull=False)
        .distinct()
        .first()
    )
    pages = {
        "home": reverse("home"),
        "articles": reverse("articles:article_list"),
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": tag.slug}),
        "author": article.author_profile.get_absolute_url(),
        "search": reverse("articles:search") + SEARCHES[language],
        "services": reverse("services:service_list"),
        "service": service.get_absolute_url(),
        "cases": reverse("services:case_list"),
        "case": CaseStudy.objects.published().first().get_absolute_url(),
        "solutions": reverse("services:solution_list"),
        "solution": Solution.objects.published().first().get_absolute_url(),
        "contact": reverse("leads:contact"),
        "thanks": reverse("leads:thanks"),
    }
    # Landing pages: the one with a test running shows the most kinds of block.
    for landing in LandingPage.objects.published().order_by("-noindex", "slug"):
        pages[f"landing-{landing.slug}"] = landing.get_absolute_url()
    for page in Page.objects.published().order_by("slug"):
        pages[page.slug] = page.get_absolute_url()
    pages["not-found"] = reverse("home") + NOT_FOUND.lstrip("/")
    return pages
