from django import template

from ..forms import LeadForm

register = template.Library()


@register.inclusion_tag("leads/includes/inline_form.html", takes_context=True)
def lead_inline_form(context, service=None, title="", intro="", landing=""):
    """The enquiry form embedded in a page, the page's service chosen.

    Its HTML is the same for every visitor (no CSRF token, no form token), so the page
    can be served from a shared cache; static/js/leads.js fetches the form token.
    """
    request = context.get("request")
    form = LeadForm(
        auto_id="lead-%s",
        initial={
            "service": getattr(service, "slug", ""),
            "page": request.path if request else "",
            "landing": landing,
        },
    )
    return {
        "form": form,
        "service": service,
        "title": title,
        "intro": intro,
        "site": context.get("site"),
    }
