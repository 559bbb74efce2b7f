"""The lead admin's own pages: the dashboard, the CSV export, restore from spam."""

import logging

from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.pagecache import release

from .. import pipeline, reports, reports_pipeline, reports_response, services
from ..export import csv_response
from ..models import Lead
from .base import admin_page

logger = logging.getLogger("leads.export")


class LeadViews:
    """The extra URLs of LeadAdmin and the views behind them."""

    def get_urls(self):
        return [
            admin_page(
                self,
                "dashboard/",
                self.dashboard_view,
                "leads_lead_dashboard",
                needs="view",
            ),
            admin_page(
                self,
                "export/",
                self.export_view,
                "leads_lead_export",
                needs="view export",
            ),
            admin_page(
                self,
                "<int:pk>/not-spam/",
                self.not_spam_view,
                "leads_lead_not_spam",
                needs="change",
                post_only=True,
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as it is filtered and searched now, as CSV."""
        changelist = self.get_changelist_instance(request)
        # Personal data leaves the site: say who took which list, but not what was
        # searched for (a search term is often a person's e-mail or name).
        filters = request.GET.copy()
        searched = bool(filters.pop("q", None))
        filters.pop("_changelist_filters", None)
        logger.info(
            "Lead export by %s: %s%s",
            request.user.get_username(),
            filters.urlencode() or "all genuine leads",
            " (searched)" if searched else "",
        )
        return csv_response(changelist.get_queryset(request))

    def not_spam_view(self, request, pk):
        """One click in the spam list: restore this lead."""
        lead = get_object_or_404(Lead, pk=pk)
        if services.lead_mark_not_spam(lead=lead, user=request.user):
            self.message_user(
                request, _("“%(lead)s” restored from spam.") % {"lead": lead}
            )
        # Back to the list with its filters (the admin's preserved filters), never to
        # a Referer: that is whatever the browser, or a page linking here, says.
        return redirect(
            add_preserved_filters(
                {
                    "preserved_filters": self.get_preserved_filters(request),
                    "opts": self.model._meta,
                },
                reverse("admin:leads_lead_changelist"),
            )
        )

    def dashboard_view(self, request):
        try:
            days = int(request.GET.get("days", 90))
        except ValueError:
            days = 90
        days = days if days in (30, 90, 365) else 90
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sales dashboard"),
            "opts": self.model._meta,
            "days": days,
            "period_choices": [
                (30, _("30 days")),
                (90, _("90 days")),
                (365, _("a year")),
            ],
            **self._dashboard_figures(days),
        }
        return TemplateResponse(request, "leads/admin/dashboard.html", context)

    def _dashboard_figures(self, days):
        """Aggregates over every lead of the period, shared by all of sales for a minute."""

        def compute():
            genuine = Lead.objects.genuine()
            return {
                "weekly": reports.weekly_by_source(),
                "funnel": reports.funnel(days),
                "by_service": reports.conversion_by_service(days),
                "content": reports.content_that_sells(days),
                "landing": reports.landing_pages_that_sell(days),
                "response": reports_response.first_response(days),
                "overdue": genuine.follow_up_overdue().count(),
                "unassigned": genuine.open().filter(owner__isnull=True).count(),
                "new_this_week": reports.period_leads(7).count(),
                "quarantined_this_week": reports.quarantined_leads(7).count(),
                "forecast": reports_pipeline.weighted_forecast(),
                "won_source": reports_pipeline.won_by_source(days),
                "won_content": reports_pipeline.won_by_content(days),
                "conversion": reports_pipeline.stage_conversion(days),
            }

        # A minute at most, and until a lead is saved (leads.pipeline.leads_version);
        # each release keeps its own (its code may shape the figures otherwise).
        key = f"leads:dashboard:{release()}:{days}:{pipeline.leads_version()}"
        return cache.get_or_set(key, compute, timeout=60)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)
