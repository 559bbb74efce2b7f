"""Head tags for robots and share previews.

base.html calls `{% seo_meta as seo %}` once; its blocks then read `seo.title`,
`seo.description`, `seo.canonical`, `seo.image`... (see agency.core.seo.page_meta for where
each comes from).
"""

from django import template
from django.utils.safestring import mark_safe

from agency.core import jsonld, seo

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_meta(context):
    """Return the page's PageMeta: `{% seo_meta as seo %}`."""
    return seo.page_meta(context)


@register.simple_tag(takes_context=True)
def seo_json_ld(context, home=False):
    """Render the page's JSON-LD script elements (Organization too when `home`)."""
    meta = context.get("seo") or seo.page_meta(context)
    return mark_safe(  # noqa: S308 - each block is escaped by json_ld_script
        "\n".join(
            jsonld.json_ld_script(data)
            for data in jsonld.page_json_ld(context, meta, home=home)
        )
    )


@register.simple_tag
def site_url():
    """Return the public base URL, without a trailing slash."""
    return seo.site_url()


@register.filter
def absolute(url):
    """Make a path absolute on the public base URL: `{{ obj.get_absolute_url|absolute }}`."""
    return seo.absolute_url(url)
