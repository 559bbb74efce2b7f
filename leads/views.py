"""The contact form: show it, take an enquiry, thank the visitor.

CSRF and the page cache. The same form is embedded in service, case, solution and
article pages, which a later issue serves from a page cache shared by every visitor;
their HTML must carry nothing per visitor, so it cannot carry a CSRF token. The form's
POST view is therefore `csrf_exempt`, and that is sound here: CSRF stops another site
from using a visitor's credentials, and this view uses none. It ignores the session and
`request.user`, so a forged cross-site post can do nothing that anyone could not do by
sending the form themselves. A page on another site still cannot make a visitor's
browser send it: agency.core.middleware.CrossSiteMiddleware refuses cross-site posts site-wide
(Sec-Fetch-Site, Origin). What a token must still prove is supplied by our own signed
form token instead: a fresh id for idempotency and the time the form was shown (for the
minimum fill time); it expires after AGENCY_LEADS_TOKEN_MAX_AGE (the form comes back,
filled in, to send again). /contact/ renders it into the page (never cached); embedded forms
get it from the never-cached /contact/token/ through static/js/leads.js. A form posted
without a token (an embedded form without JavaScript) is not stored yet: the visitor
gets the full /contact/ form back, filled in, with a fresh token, and sends it again.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from agency.core.http import client_ip

from . import spam
from .forms import LeadForm, find_article
from .models import Lead
from .services import Received, enquiry_receive
from .tracking import is_external_referrer, local_path, read_touches

CONFIRM = _("Almost done: please check your details and press “Send my enquiry” again.")
TOKEN_EXPIRED = _(
    "This form was open for a long time, so we ask you to press “Send my enquiry” "
    "once more. Your details are still below."
)
TOKEN_USED = _(
    "This form was already sent once, with other details, and we have that first "
    "enquiry. To send these details too, press “Send my enquiry” again."
)
OVER_CEILING = _(
    "We have received a great many enquiries from your network in the last hour, so "
    "we cannot take more just now, and this one has not been sent. Your message is "
    "still below: please send it again later, or call or e-mail us directly."
)

PLACEMENT_BY_VIEW = {
    "services:service_detail": Lead.Placement.SERVICE_PAGE,
    "services:case_detail": Lead.Placement.CASE_PAGE,
    "services:solution_detail": Lead.Placement.SOLUTION_PAGE,
    "services:landing_page": Lead.Placement.LANDING_PAGE,
    "articles:article_detail": Lead.Placement.ARTICLE,
    "leads:contact": Lead.Placement.CONTACT_PAGE,
}


def placement_of(page, article):
    if article is not None:
        return Lead.Placement.ARTICLE
    if not page:
        return Lead.Placement.CONTACT_PAGE
    path = page.split("?", 1)[0]
    # Resolved in its own language: /zh-hans/... is a Chinese page, the rest English.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view_name = resolve(path).view_name
    except Resolver404:
        return Lead.Placement.OTHER
    return PLACEMENT_BY_VIEW.get(view_name, Lead.Placement.OTHER)


def page_language():
    """The active language (the page's), as one of settings.LANGUAGES."""
    try:
        return translation.get_supported_language_variant(translation.get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class ContactView(FormView):
    template_name = "leads/contact.html"
    form_class = LeadForm

    def get_initial(self):
        initial = {"token": spam.issue_token()}
        if self.request.method == "GET":
            initial["service"] = self.request.GET.get("service", "")[:100]
            article = find_article(self.request.GET.get("article", "")[:200])
            if article is not None:
                initial["article"] = article.slug
                self.article = article
                initial["page"] = article.get_absolute_url()
            else:
                initial["page"] = self.referring_page()
        return initial

    def referring_page(self):
        """The page of this site that sent the visitor here ("Get a quote" on a service
        page), so the lead is credited to it; else the contact page itself."""
        referrer = self.request.headers.get("Referer", "")
        if referrer and not is_external_referrer(self.request, referrer):
            path = local_path(urlsplit(referrer).path)
            if path:
                return path
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(_("Contact"), None)]
        context["article"] = getattr(self, "article", None)
        return context

    def form_invalid(self, form):
        # Keep the first token (its id still guards against a double submit) unless it
        # is not ours or too old to be taken.
        data = form.data.copy()
        token_id, issued_at = spam.read_token(data.get("token"))
        if token_id is None or spam.token_expired(issued_at):
            data["token"] = spam.issue_token()
        form.data = data
        return super().form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        first_touch, last_touch = read_touches(self.request)
        outcome = enquiry_receive(
            data=data,
            consent_text=form.consent_text(),
            placement=placement_of(data["page"], data["article"]),
            page_url=data["page"] or self.request.path,
            ip=client_ip(self.request),
            first_touch=first_touch,
            last_touch=last_touch,
            user_agent=self.request.headers.get("User-Agent", ""),
            # The page's language (/zh-hans/contact/ is Chinese), set from its path.
            language=page_language(),
        )
        match outcome.received:
            case Received.STORED | Received.REPEATED:
                return redirect("leads:thanks")
            case Received.UNSIGNED:
                # An embedded form sent without JavaScript: shown filled in, to send again.
                return self.form_again(form, notice=CONFIRM)
            case Received.EXPIRED:
                return self.form_again(form, notice=TOKEN_EXPIRED)
            case Received.OTHER_DETAILS:
                # Other details under a used token: shown back, to send on their own.
                return self.form_again(form, notice=TOKEN_USED)
            case Received.REFUSED:
                response = self.form_again(
                    form, notice=OVER_CEILING, notice_is_error=True, status=429
                )
            case Received.QUARANTINED:
                response = TemplateResponse(
                    self.request, "leads/rate_limited.html", status=429
                )
        response["Retry-After"] = str(outcome.retry_after)
        return response

    def form_again(self, form, *, notice, notice_is_error=False, status=200):
        """The form, filled in as it was sent, with a notice and a fresh token.

        The token is dated back by the minimum fill time: the visitor already spent
        that time on the first form, and now only presses Send.
        """
        data = form.data.copy()
        data["token"] = spam.issue_token(
            issued_at=time.time() - settings.AGENCY_LEADS_MIN_FILL_SECONDS
        )
        form = self.get_form_class()(data=data)
        form.is_valid()
        return self.render_to_response(
            self.get_context_data(
                form=form, notice=notice, notice_is_error=notice_is_error
            ),
            status=status,
        )


class ThanksView(TemplateView):
    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            (_("Contact"), reverse("leads:contact")),
            (_("Thank you"), None),
        ]
        return context


@never_cache
def form_token(request):
    """A fresh form token for a form embedded in a cached page (see the module doc)."""
    return JsonResponse({"token": spam.issue_token()})
