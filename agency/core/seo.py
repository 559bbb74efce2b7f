"""What search engines and social networks read about a page.

`page_meta(context)` works out a page's title, description, canonical address and share
image from what its view put in the template context, most specific first:

1. `meta_title`, `meta_description`, `meta_image`, `og_type`, `canonical_url`: set by a
   view (or a template with `{% with %}`) to say exactly what it wants;
2. `seo_object`, else `object` (every DetailView sets it): its `meta_title` and
   `meta_description` (or `seo_title`, `title`, `name`...), its `cover` or `image`, its
   `get_absolute_url()`;
3. the last breadcrumb's label (list pages), then the site settings.

Every address is absolute on `settings.SITE_URL`, never on the request's host, so a page
fetched through another name still points search engines at the public one. The JSON-LD
builders are in agency.core.jsonld.
"""

import hashlib
import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from agency.core import i18n

DESCRIPTION_LENGTH = 300
CARD_SIZE = (1200, 630)
SHARE_RENDITION = 1200

# What apps register for their models (by label, "app.model", in AppConfig.ready()):
# the og:type of their pages, and the URL name of a generated share card (taking the
# object's slug) for objects without an image of their own.
_og_types = {}
_card_routes = {}


def register(model_label, *, og_type=None, card_route=None):
    if og_type:
        _og_types[model_label] = og_type
    if card_route:
        _card_routes[model_label] = card_route


def hash_text(text):
    """Return a short stable digest of `text`, for cache keys and ETags."""
    return hashlib.sha256(str(text).encode()).hexdigest()[:20]


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute_url(url):
    """Return `url` (a path, or already absolute) as an absolute URL on SITE_URL."""
    if not url:
        return ""
    url = str(url)
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(site_url()).scheme}:{url}"
    if not url.startswith("/"):
        url = f"/{url}"
    return f"{site_url()}{url}"


def file_url(field_file):
    """Return the absolute URL of an uploaded file, or "" when there is none."""
    if not field_file:
        return ""
    try:
        return absolute_url(field_file.url)
    except ValueError:
        return ""


def clean_text(value, length=DESCRIPTION_LENGTH, *, markup=False):
    """Return `value` on one line, at most `length` characters.

    Titles and descriptions are plain text (a title may well mention `<video>`), so
    only `markup=True` strips tags and decodes entities, for text made from HTML.
    """
    text = str(value or "")
    if markup:
        text = html.unescape(strip_tags(text))
    text = " ".join(text.split())
    return Truncator(text).chars(length) if length else text


def label_of(obj):
    return obj._meta.label_lower if hasattr(obj, "_meta") else ""


def object_title(obj):
    # display_*: a shared object's wording in the active language (a category's).
    names = ("meta_title", "display_seo_title", "seo_title", "title")
    for name in (*names, "display_name", "name"):
        value = getattr(obj, name, "")
        if value:
            return str(value)
    return str(obj)


def object_description(obj):
    names = (
        "meta_description",
        "display_seo_description",
        "seo_description",
        "summary",
        "excerpt",
        "display_description",
        "description",
        "bio",
    )
    for name in names:
        value = getattr(obj, name, "")
        if value:
            return clean_text(value)
    return ""


def object_image(obj):
    """Return the object's own picture (a FieldFile), or None."""
    for name in ("cover", "image"):
        value = getattr(obj, name, None)
        if value:
            return value
    return None


def generated_card_url(obj):
    route = _card_routes.get(label_of(obj))
    if not route or not getattr(obj, "slug", ""):
        return ""
    try:
        return absolute_url(reverse(route, kwargs={"slug": obj.slug}))
    except NoReverseMatch:
        return ""


def site_card_url():
    try:
        return absolute_url(reverse("site_card"))
    except NoReverseMatch:
        return ""


def x_handle(url):
    """Return "@name" for an X (Twitter) profile URL, or ""."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.hostname not in {"x.com", "twitter.com", "www.x.com", "www.twitter.com"}:
        return ""
    name = parts.path.strip("/").split("/")[0]
    return f"@{name}" if name else ""


@dataclass
class PageMeta:
    """Everything the head of one page says about it to robots and share previews."""

    site_name: str
    title: str
    document_title: str
    description: str
    canonical: str
    image: str
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""
    og_type: str = "website"
    locale: str = "en_US"
    # The page in each language (absolute URLs), for hreflang and og:locale:alternate.
    alternates: dict = field(default_factory=dict)
    language: str = "en"
    twitter_site: str = ""
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list = field(default_factory=list)
    subject: object = None

    @property
    def hreflang_links(self):
        """[(hreflang, url)] when the page exists in another language too: each
        language's page, itself included, and x-default."""
        if len(self.alternates) < 2:
            return []
        links = [
            (i18n.html_language(code), url) for code, url in self.alternates.items()
        ]
        return [*links, ("x-default", i18n.x_default(self.alternates))]

    @property
    def locale_alternates(self):
        return [
            i18n.og_locale(code)
            for code in self.alternates
            if i18n.og_locale(code) != self.locale
        ]


def context_get(context, name, default=None):
    try:
        value = context.get(name, default)
    except AttributeError:
        value = default
    return value if value not in (None, "") else default


def iso_datetime(value):
    if not value:
        return ""
    if timezone.is_naive(value):
        return value.isoformat()
    return timezone.localtime(value).isoformat(timespec="seconds")


def _site_text(site, name):
    """A site setting in the active language (`display_<name>`), or as stored."""
    return getattr(site, f"display_{name}", None) or getattr(site, name, "") or ""


def page_meta(context):
    """Work out a page's PageMeta from its template context (see the module's doc)."""
    site = context_get(context, "site")
    request = context_get(context, "request")
    site_name = _site_text(site, "site_name")
    subject = context_get(context, "seo_object") or context_get(context, "object")
    if subject is not None and not hasattr(subject, "_meta"):
        subject = None
    breadcrumbs = context_get(context, "breadcrumbs") or []

    title = context_get(context, "meta_title")
    if not title and subject is not None:
        title = object_title(subject)
    if not title and breadcrumbs:
        title = str(breadcrumbs[-1][0])
    title = clean_text(title, 0)
    if title:
        document_title = f"{title} | {site_name}" if site_name else title
    else:
        tagline = _site_text(site, "tagline")
        document_title = f"{site_name} | {tagline}" if tagline else site_name
        title = site_name

    description = clean_text(context_get(context, "meta_description"))
    if not description and subject is not None:
        description = object_description(subject)
    if not description:
        description = clean_text(_site_text(site, "default_meta_description"))

    canonical = context_get(context, "canonical_url")
    if not canonical:
        if subject is not None and hasattr(subject, "get_absolute_url"):
            canonical = subject.get_absolute_url()
        else:
            canonical = request.path if request is not None else "/"
        # Each page of a list is its own document (not a duplicate of page 1).
        number = getattr(context_get(context, "page_obj"), "number", 1)
        if number and number > 1:
            canonical = f"{canonical}?page={number}"
    canonical = absolute_url(canonical)

    meta = PageMeta(
        site_name=site_name,
        title=title,
        document_title=document_title,
        description=description,
        canonical=canonical,
        image="",
        locale=i18n.og_locale(),
        language=i18n.html_language(),
        alternates={
            code: absolute_url(url)
            for code, url in i18n.page_alternates(
                request, subject, getattr(context_get(context, "page_obj"), "number", 1)
            ).items()
        },
        twitter_site=x_handle(getattr(site, "x_url", "")),
        og_type=context_get(context, "og_type")
        or _og_types.get(label_of(subject), "website"),
        subject=subject,
    )
    _resolve_image(meta, context, subject, site)
    if meta.og_type == "article" and subject is not None:
        meta.published_time = iso_datetime(getattr(subject, "published_at", None))
        meta.modified_time = iso_datetime(getattr(subject, "updated_at", None))
        category = getattr(subject, "category", None)
        meta.section = str(
            getattr(category, "display_name", "") or getattr(category, "name", "")
        )
        meta.tags = _tag_names(subject)
    return meta


def _resolve_image(meta, context, subject, site):
    image = context_get(context, "meta_image")
    if image:
        meta.image = file_url(image) if hasattr(image, "url") else absolute_url(image)
        return
    if subject is not None:
        own = object_image(subject)
        if own:
            meta.image_alt = meta.title
            # An article's 1200 px rendition: what share previews show, a fraction of
            # the original's weight.
            rendition = None
            if hasattr(subject, "cover_rendition") and own is subject.cover:
                rendition = subject.cover_rendition(SHARE_RENDITION)
            if rendition and rendition.get("jpeg"):
                meta.image = absolute_url(own.storage.url(rendition["jpeg"]))
                meta.image_width = rendition.get("width")
                meta.image_height = rendition.get("height")
                return
            meta.image = file_url(own)
            width = getattr(subject, "cover_width", None)
            height = getattr(subject, "cover_height", None)
            if width and height and own is getattr(subject, "cover", None):
                meta.image_width, meta.image_height = width, height
            return
        card = generated_card_url(subject)
        if card:
            meta.image = card
            meta.image_width, meta.image_height = CARD_SIZE
            meta.image_alt = meta.title
            return
    default = getattr(site, "default_share_image", None)
    if default:
        meta.image = file_url(default)
        meta.image_alt = meta.site_name
        return
    meta.image = site_card_url()
    if meta.image:
        meta.image_width, meta.image_height = CARD_SIZE
        meta.image_alt = meta.site_name


def _tag_names(obj):
    listed = vars(obj).get("tag_list")  # read once already (an article's page)
    if listed is not None:
        return [tag.name for tag in listed]
    tags = getattr(obj, "tags", None)
    if tags is None or not getattr(obj, "pk", None):
        return []
    try:
        return [tag.name for tag in tags.all()]
    except (AttributeError, ValueError):
        return []
