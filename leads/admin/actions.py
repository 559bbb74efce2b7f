"""What sales do to the ticked leads: assign, set a status, spam, export, erase."""

import logging

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import erasure, services
from ..export import csv_response
from ..models import Lead, LostReason
from .base import sales_users, user_label

logger = logging.getLogger("leads.export")


class LeadActions:
    """The actions of LeadAdmin's list; the permissions they name are on LeadAdmin."""

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(
            services.lead_assign(lead=lead, owner=request.user, user=request.user)
            for lead in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d lead assigned to you.", "%(n)d leads assigned to you.", changed
            )
            % {"n": changed},
        )

    @admin.action(
        description=_("Assign to the owner chosen above"), permissions=["change"]
    )
    def assign_owner(self, request, queryset):
        owner_id = request.POST.get("owner")
        owner = sales_users().filter(pk=owner_id).first() if owner_id else None
        if owner is None:
            self.message_user(request, _("Choose an owner first."), messages.WARNING)
            return
        changed = sum(
            services.lead_assign(lead=lead, owner=owner, user=request.user)
            for lead in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d lead assigned to %(owner)s.",
                "%(n)d leads assigned to %(owner)s.",
                changed,
            )
            % {"n": changed, "owner": user_label(owner)},
        )

    @admin.action(description=_("Set the status chosen above"), permissions=["change"])
    def set_status(self, request, queryset):
        status = request.POST.get("status")
        if status not in Lead.Status.values:
            self.message_user(request, _("Choose a status first."), messages.WARNING)
            return
        reason = None
        if status == Lead.Status.LOST:
            reason_id = request.POST.get("lost_reason")
            reason = (
                LostReason.objects.filter(pk=reason_id).first() if reason_id else None
            )
            if reason is None:
                self.message_user(
                    request,
                    _("A lost lead needs a reason: choose one beside the status."),
                    messages.WARNING,
                )
                return
        changed = sum(
            services.lead_set_status(
                lead=lead, status=status, lost_reason=reason, user=request.user
            )
            for lead in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d lead set to “%(status)s”.",
                "%(n)d leads set to “%(status)s”.",
                changed,
            )
            % {"n": changed, "status": Lead.Status(status).label},
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        changed = sum(
            services.lead_mark_spam(lead=lead, user=request.user) for lead in queryset
        )
        self.message_user(
            request,
            ngettext("%(n)d lead moved to spam.", "%(n)d leads moved to spam.", changed)
            % {"n": changed},
        )

    @admin.action(description=_("Not spam: restore"), permissions=["change"])
    def mark_not_spam(self, request, queryset):
        changed = sum(
            services.lead_mark_not_spam(lead=lead, user=request.user)
            for lead in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d lead restored from spam.",
                "%(n)d leads restored from spam.",
                changed,
            )
            % {"n": changed},
        )

    @admin.action(
        description=_("Export the selected leads to CSV"), permissions=["export"]
    )
    def export_selected(self, request, queryset):
        logger.info(
            "Lead export by %s: %d selected leads",
            request.user.get_username(),
            queryset.count(),
        )
        return csv_response(queryset.order_by("-created_at", "-id"))

    @admin.action(
        description=_("Erase these people's personal data…"), permissions=["erase"]
    )
    def erase_personal_data(self, request, queryset):
        leads = list(queryset.filter(erased_at__isnull=True)[:100])
        if request.POST.get("confirm") == "yes":
            erased = sum(
                erasure.person_erase(lead=lead, user=request.user) for lead in leads
            )
            self.message_user(
                request,
                ngettext(
                    "Personal data erased from %(n)d lead; its count remains.",
                    "Personal data erased from %(n)d leads; their counts remain.",
                    erased,
                )
                % {"n": erased},
            )
            return None
        return TemplateResponse(
            request,
            "leads/admin/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data?"),
                "opts": self.model._meta,
                "leads": leads,
                "action": "erase_personal_data",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
