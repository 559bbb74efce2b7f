"""Sanitising of rich text: the one place that decides which HTML a body may keep.

CKEditor's own filter runs in the editor's browser and is no security boundary, so every
rich-text body is cleaned here on save, against an allowlist.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
    "sup", "ul", "ol", "li", "blockquote", "pre", "code", "a", "img", "figure",
    "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr",
    "span", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
CODE_LANGUAGES = {"bash", "css", "html", "javascript", "json", "python", "sql", "xml"}
ALLOWED_CLASSES = {"code": {f"language-{lang}" for lang in CODE_LANGUAGES}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` with everything outside the allowlist removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
