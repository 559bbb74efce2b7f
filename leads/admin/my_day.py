"""My day: a salesperson's overdue and due-today activities and new unworked leads.

One page to start the day from, in the order to work it: what is late, what is due
today, then new leads of theirs nobody has tried yet, oldest first. An activity can be
marked done from the page itself.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import activities
from ..models import Activity, Lead
from .base import admin_page

NEW_LEADS_SHOWN = 50


def my_day(*, user, now=None) -> dict:
    """What `user` has to do today: overdue, due today, new leads not yet tried."""
    now = now or timezone.now()
    mine = Activity.objects.filter(assignee=user, lead__is_spam=False).select_related(
        "lead"
    )
    return {
        "overdue": list(mine.overdue(now).order_by("due_at", "pk")),
        "due_today": list(mine.due_today(now).order_by("due_at", "pk")),
        "new_leads": list(
            Lead.objects.genuine()
            .open()
            .filter(owner=user, first_attempt_at__isnull=True, erased_at__isnull=True)
            .select_related("service")
            .order_by("created_at", "pk")[:NEW_LEADS_SHOWN]
        ),
    }


class MyDayViews:
    """The My day page of LeadAdmin and its quick "done" action."""

    def get_urls(self):
        return [
            admin_page(
                self, "my-day/", self.my_day_view, "leads_lead_my_day", needs="view"
            ),
            admin_page(
                self,
                "activity/<int:pk>/done/",
                self.activity_done_view,
                "leads_activity_done",
                needs="change",
                post_only=True,
            ),
            *super().get_urls(),
        ]

    def my_day_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": _("My day"),
            "opts": self.model._meta,
            "outcomes": Activity.Outcome.choices,
            "can_change": self.has_change_permission(request),
            **my_day(user=request.user),
        }
        return TemplateResponse(request, "admin/leads/my_day.html", context)

    def activity_done_view(self, request, pk):
        """Mark one activity done from My day, with the outcome chosen beside it."""
        activity = get_object_or_404(Activity.objects.select_related("lead"), pk=pk)
        outcome = request.POST.get("outcome", "")
        if outcome not in Activity.Outcome.values:
            self.message_user(
                request, _("Choose what came of it first."), messages.WARNING
            )
        elif activities.activity_done(
            activity=activity,
            outcome=outcome,
            note=request.POST.get("note", "").strip()[:2000],
            user=request.user,
        ):
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}#planned-group">{}</a>',
                    _("“%(activity)s” on %(lead)s marked done.")
                    % {"activity": activity, "lead": activity.lead},
                    reverse("admin:leads_lead_change", args=[activity.lead_id]),
                    _("Schedule the next one"),
                ),
            )
        return redirect("admin:leads_lead_my_day")
