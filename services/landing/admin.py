"""Landing pages in the admin: blocks with a live preview, variants, the test's results
and its end, and campaign links with their QR codes."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from agency.core.admin_base import SEO_FIELDSET, NoSilentOverwriteMixin
from agency.core.admin_translation import TranslationsAdmin
from agency.core.blocks import BlocksField, BlocksWidget, blocks_clean
from agency.core.cards import qr_svg
from agency.core.revisions import RevisionsAdmin
from agency.core.seo import absolute_url
from agency.core.trash import TrashAdmin

from .models import LandingPage, LandingVariant
from .services import landing_test_end
from .stats import CONFIDENCE, POWER, page_arms


class PreviewedBlocks:
    """Block editors (the page's and each variant's) with the live preview beside."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, BlocksField):
            kwargs["widget"] = BlocksWidget(
                preview_url=reverse("admin:services_landingpage_preview")
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LandingVariantInline(PreviewedBlocks, admin.StackedInline):
    model = LandingVariant
    extra = 0
    fields = ["name", "is_running", "blocks", "ended_at", "won"]
    readonly_fields = ["ended_at", "won"]

    verbose_name = _("variant")
    verbose_name_plural = _(
        "variants: other versions of the page, shown to a share of visitors"
    )


def _each_clean(raw):
    """The blocks of `raw` that are fine, cleaned, each checked on its own."""
    fine = []
    for block in raw if isinstance(raw, list) else ():
        try:
            fine += blocks_clean([block])
        except ValidationError:
            continue
    return fine


class CampaignLinkForm(forms.Form):
    """The parameters a campaign link carries (the CRM reads them into the lead)."""

    utm_source = forms.CharField(
        label=_("source"),
        max_length=60,
        help_text=_("Where the link is: wechat, poster, baidu, newsletter…"),
    )
    utm_medium = forms.CharField(
        label=_("medium"),
        max_length=60,
        help_text=_("The kind of link: social, print, cpc, email…"),
    )
    utm_campaign = forms.CharField(label=_("campaign"), max_length=80)
    utm_content = forms.CharField(
        label=_("content"),
        max_length=80,
        required=False,
        help_text=_("Which ad or which poster, to tell them apart."),
    )
    utm_term = forms.CharField(
        label=_("term"),
        max_length=80,
        required=False,
        help_text=_("The paid search words."),
    )


@admin.register(LandingPage)
class LandingPageAdmin(
    PreviewedBlocks,
    TranslationsAdmin,
    TrashAdmin,
    NoSilentOverwriteMixin,
    RevisionsAdmin,
):
    list_display = ["title", "slug", "published", "noindex", "test", "tools"]
    list_filter = ["published", "noindex"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LandingVariantInline]
    change_form_template = "services/admin/landingpage_change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "blocks",
                    ("published", "noindex"),
                ]
            },
        ),
        SEO_FIELDSET,
    ]
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("variants")

    @admin.display(description=_("test"))
    def test(self, obj):
        running = obj.running_variants()
        if running:
            return _("%(count)d variants running") % {"count": len(running)}
        return "—"

    @admin.display(description=_("tools"))
    def tools(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · '
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:services_landingpage_results", args=[obj.pk]),
            _("Results"),
            reverse("admin:services_landingpage_links", args=[obj.pk]),
            _("Campaign links"),
            obj.get_absolute_url(),
            _("View") if obj.is_live else _("Preview"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview/", view(self.preview_view), name="services_landingpage_preview"
            ),
            path(
                "<path:object_id>/results/",
                view(self.results_view),
                name="services_landingpage_results",
            ),
            path(
                "<path:object_id>/end-test/",
                view(self.end_test_view),
                name="services_landingpage_end_test",
            ),
            path(
                "<path:object_id>/links/",
                view(self.links_view),
                name="services_landingpage_links",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, object_id, *, change=False):
        page = get_object_or_404(LandingPage, pk=object_id)
        allowed = (
            self.has_change_permission(request, page)
            if change
            else self.has_view_permission(request, page)
        )
        if not allowed:
            raise PermissionDenied
        return page

    @xframe_options_sameorigin
    def preview_view(self, request):
        """The page as the editor's form has it, saved or not (the live preview)."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponse(status=405)
        language = request.POST.get("language") or translation.get_language()
        try:
            raw = json.loads(request.POST.get("blocks") or "[]")
        except ValueError:
            raw = None
        try:
            blocks, problems = blocks_clean(raw), []
        except ValidationError as error:
            # Those blocks that are fine are shown while another is unfinished.
            blocks, problems = _each_clean(raw), error.messages
        page = LandingPage(
            title=request.POST.get("title", "")[:200],
            slug=request.POST.get("slug", "")[:200] or "preview",
            language=language
            if language in dict(settings.LANGUAGES)
            else settings.LANGUAGE_CODE,
        )
        with translation.override(page.language):
            response = TemplateResponse(
                request,
                "services/landing_preview.html",
                {
                    "page": page,
                    "blocks": blocks,
                    "problems": problems,
                    "landing": "",
                    "preview": True,
                },
            )
            return response.render()  # in the page's language, not the admin's

    def results_view(self, request, object_id):
        page = self._page(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "page": page,
            "arms": page_arms(page),
            "confidence": round(CONFIDENCE * 100),
            "power": round(POWER * 100),
            "can_end": self.has_change_permission(request, page),
            "title": _("Results of “%(page)s”") % {"page": page},
        }
        return TemplateResponse(request, "services/admin/landing_results.html", context)

    def end_test_view(self, request, object_id):
        page = self._page(request, object_id, change=True)
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:services_landingpage_results", args=[page.pk])
            )
        winner_id = request.POST.get("winner", "")
        winner = None
        if winner_id not in ("", "0"):
            winner = get_object_or_404(LandingVariant, page=page, pk=winner_id)
        landing_test_end(page=page, winner=winner, user=request.user)
        self.message_user(
            request,
            _("The test has ended: “%(name)s” is now the page.")
            % {"name": winner.name if winner else _("Original")},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:services_landingpage_results", args=[page.pk])
        )

    def links_view(self, request, object_id):
        page = self._page(request, object_id)
        form = CampaignLinkForm(request.GET or None)
        link = qr = None
        if form.is_valid():
            query = urlencode(
                {name: value for name, value in form.cleaned_data.items() if value}
            )
            link = f"{absolute_url(page.get_absolute_url())}?{query}"
            qr = qr_svg(link)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "page": page,
            "form": form,
            "link": link,
            "qr": qr,
            "title": _("Campaign links for “%(page)s”") % {"page": page},
        }
        return TemplateResponse(request, "services/admin/landing_links.html", context)
