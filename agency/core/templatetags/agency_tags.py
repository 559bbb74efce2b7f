from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from agency.core import i18n
from agency.core.fragments import kept

register = template.Library()

# The footer's parts (settings, menu, services) all retire the page-cache generation when
# they change; the copyright year needs the timeout.
FOOTER_SECONDS = 300


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The site's footer: the same on every page, so rendered once and kept."""
    return kept(
        "footer",
        lambda: render_to_string("includes/footer.html", context.flatten()),
        timeout=FOOTER_SECONDS,
    )


KEEPING = "_agency_fragment_keeping"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.holes = list(nodelist.get_nodes_by_type(FreshNode))
        for index, hole in enumerate(self.holes):
            hole.marker = f"<!--fresh:{index}-->"

    def render(self, context):
        if context.get("preview"):
            # A staff preview may show what visitors must not see yet: never kept.
            return self.nodelist.render(context)

        def render_kept():
            with context.push({KEEPING: True}):
                return self.nodelist.render(context)

        html = kept(
            self.name.resolve(context),
            render_kept,
            vary=[value.resolve(context) for value in self.vary],
        )
        for hole in self.holes:
            # Within an outer fragment being kept, the hole stays a hole (its marker).
            html = html.replace(hole.marker, hole.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine


class FreshNode(template.Node):
    marker = ""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # Only a hole its fragment knows of (in the fragment's own template, not in one
        # it includes) can be filled in later; any other renders as it is.
        if self.marker and context.get(KEEPING):
            return self.marker
        return self.nodelist.render(context)


@register.tag
def fragment(parser, token):
    """Keep the HTML between `{% fragment "name" vary... %}` and `{% endfragment %}`
    until content changes (see agency.core.fragments): for parts that are the same for every
    visitor, given the `vary` values (an article's slug, the current menu item). Inside,
    `{% fresh %}...{% endfresh %}` marks what is rendered on every request instead (a
    count that moves without a save); not inside a loop."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% fragment %} needs a name, then what the fragment varies on."
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )


@register.tag
def fresh(parser, token):
    nodelist = parser.parse(("endfresh",))
    parser.delete_first_token()
    return FreshNode(nodelist)


@register.simple_tag
def html_language():
    """The page's language for `<html lang>` (`en`, `zh-Hans`)."""
    return i18n.html_language()


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages (or, where it has no translation, to
    that language's section, which says so): kept per address until content changes."""
    request = context.get("request")

    def render():
        # Read only when rendering: the subject may be a lazy object (an article page
        # that found all its fragments kept never loads the whole article).
        subject = context.get("seo_object") or context.get("object")
        if not hasattr(subject, "_meta"):
            subject = None
        alternates = i18n.page_alternates(request, subject)
        links = i18n.language_links(request, subject, alternates)
        return render_to_string("includes/language_switcher.html", {"languages": links})

    if request is None or context.get("preview"):
        return mark_safe(render())  # noqa: S308 (a template's output)
    name, vary = i18n.switcher_fragment(request)
    return mark_safe(kept(name, render, vary=vary))  # noqa: S308


@register.simple_tag(takes_context=True)
def untranslated_notice(context):
    """On a section opened from a page that has no translation in this language: say
    so, naming the language the visitor came from."""
    request = context.get("request")
    # request.GET is read only when the parameter is there: a page that reads its
    # query is kept per query string by the page cache (agency.core.pagecache).
    if request is None or i18n.UNTRANSLATED_PARAM not in request.META.get(
        "QUERY_STRING", ""
    ):
        return ""
    came_from = request.GET.get(i18n.UNTRANSLATED_PARAM, "")
    if (
        came_from not in dict(settings.LANGUAGES)
        or came_from == i18n.current_language()
    ):
        return ""
    return render_to_string(
        "includes/untranslated_notice.html",
        {"language": translation.get_language_info(came_from)["name_local"]},
    )


# Dates as the pages write them, a few microseconds each where `date:` with a format
# string takes about fifty (a page of cards writes twenty). Local time, as `date`.
@register.filter(expects_localtime=True)
def iso_datetime(value):
    """`{{ moment|iso_datetime }}`: as `date:"c"` (a <time>'s datetime)."""
    return value.isoformat() if value else ""


@register.filter(expects_localtime=True)
def day(value):
    """`{{ moment|day }}`: as `date:"Y-m-d"`."""
    return f"{value:%Y-%m-%d}" if value else ""


@register.filter(expects_localtime=True)
def minute(value):
    """`{{ moment|minute }}`: as `date:"Y-m-d H:i"`."""
    return f"{value:%Y-%m-%d %H:%M}" if value else ""
