from django import template
from django.core.cache import cache
from django.template.loader import render_to_string

from agency.pagecache import generation

register = template.Library()

# The footer's HTML is the same on every page: its parts (settings, menu, services) all
# retire the page-cache generation when they change; the copyright year needs the timeout.
FOOTER_SECONDS = 300


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The site's footer, rendered once per content generation and kept."""
    key = f"agency:footer-html:{generation()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("includes/footer.html", context.flatten())
        cache.set(key, html, FOOTER_SECONDS)
    return html
