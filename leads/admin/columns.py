"""The lead list's columns: who, how far along, whose, how old; restore from spam."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Lead, LeadNotification
from ..response import ResponseState, leads_in_response_state, response_state
from .base import SpamFilter, user_label


class FirstResponseFilter(admin.SimpleListFilter):
    """The leads whose first response is due, overdue or answered (leads.response)."""

    title = _("first response")
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [
            (ResponseState.DUE, _("Due")),
            (ResponseState.OVERDUE, _("Overdue")),
            (ResponseState.ANSWERED, _("Answered")),
        ]

    def queryset(self, request, queryset):
        if self.value() in (
            ResponseState.DUE,
            ResponseState.OVERDUE,
            ResponseState.ANSWERED,
        ):
            return leads_in_response_state(queryset, self.value())
        return queryset


class LeadColumns:
    """The columns of LeadAdmin's list, and which of them the spam list shows."""

    def get_list_display(self, request):
        if request.GET.get(SpamFilter.parameter_name) in ("yes", "all"):
            # Working through spam: why each one is there, and the restore button
            # within reach, which brings sales back to this very list.
            filters = request.GET.urlencode()

            def restore_button(lead):
                return self.restore_button(lead, filters=filters)

            restore_button.short_description = ""
            return [
                "lead_label",
                restore_button,
                "spam_why",
                "email",
                "status_badge",
                "source",
                "age",
            ]
        return [name for name in self.list_display if name != "restore_button"]

    @admin.display(description=_("why spam"))
    def spam_why(self, lead):
        return lead.spam_reasons_display if lead.is_spam else "—"

    @admin.display(description=_("lead"), ordering="name")
    def lead_label(self, lead):
        if lead.erased_at:
            return format_html("<em>{}</em>", _("(erased)"))
        repeat = (
            format_html(' <span class="lead-tag">{}</span>', _("repeat"))
            if lead.is_repeat
            else ""
        )
        company = (
            format_html("<br><small>{}</small>", lead.company) if lead.company else ""
        )
        high = (
            format_html(' <span class="lead-tag lead-tag-high">{}</span>', _("high"))
            if lead.priority == Lead.Priority.HIGH
            else ""
        )
        return format_html(
            '<span class="lead-name">{}{}{}{}{}</span>',
            lead.name,
            high,
            repeat,
            self.notification_tag(lead),
            company,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, lead):
        return format_html(
            '<span class="lead-status lead-status-{}">{}</span>',
            lead.status,
            lead.get_status_display(),
        )

    @admin.display(description=_("owner"), ordering="owner__first_name")
    def owner_label(self, lead):
        return user_label(lead.owner) if lead.owner else "—"

    @admin.display(description=_("age"), ordering="-created_at")
    def age(self, lead):
        days = (timezone.now() - lead.created_at).days
        if days < 1:
            return _("today")
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}

    @admin.display(description=_("follow-up"), ordering="next_follow_up")
    def follow_up(self, lead):
        if not lead.next_follow_up:
            return "—"
        label = date_format(lead.next_follow_up, "M j")
        if lead.follow_up_overdue:
            return format_html(
                '<span class="lead-overdue" title="{}">{} !</span>', _("overdue"), label
            )
        return label

    @admin.display(description=_("first response"), ordering="response_due_at")
    def response(self, lead):
        """The state in words ("overdue by 25 min"), so the badge's colour is a help,
        never the only sign."""
        state = response_state(lead)
        if state is None:
            return "—"
        return format_html(
            '<span class="lead-status lead-response lead-response-{}{}">{}</span>',
            state.state,
            " lead-tag-high" if state.state == ResponseState.OVERDUE else "",
            state.label,
        )

    def notification_tag(self, lead):
        """A tag in the list only when sales have not been told yet: problems stand out."""
        notification = getattr(lead, "notification", None)
        if notification is None or notification.state == LeadNotification.State.SENT:
            return ""
        if notification.attempts:
            return format_html(
                ' <span class="lead-tag lead-tag-high" title="{}">{}</span>',
                notification.last_error,
                _("e-mail retrying"),
            )
        return format_html(' <span class="lead-tag">{}</span>', _("e-mail queued"))

    @admin.display(description="")
    def restore_button(self, lead, filters=""):
        if not lead.is_spam:
            return ""
        query = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""
        return format_html(
            '<button type="submit" class="button" formmethod="post" formaction="{}{}" '
            "formnovalidate>{}</button>",
            reverse("admin:leads_lead_not_spam", args=[lead.pk]),
            query,
            _("Not spam"),
        )
