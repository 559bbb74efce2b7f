from django import template
from django.utils.safestring import mark_safe

from agency.core.blocks import render_blocks as render

register = template.Library()


@register.simple_tag(takes_context=True)
def render_blocks(context, blocks):
    """`{% render_blocks page.blocks %}`: each block through its own template, which
    escapes what it shows (rich text was sanitised when it was saved)."""
    return mark_safe(render(blocks, context))  # noqa: S308 - rendered by templates
