"""Contacts, and the lists sales maintain: lost reasons, blocklists, the outbox."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import erasure
from ..models import (
    BlockedDomain,
    BlockedPhrase,
    Contact,
    Lead,
    LeadNotification,
    LostReason,
)
from .base import CappedCountPaginator, ReadOnlyInline

# --- Contacts -----------------------------------------------------------------------


class ContactLeadInline(ReadOnlyInline):
    model = Lead
    fk_name = "contact"
    fields = ["lead_link", "created_at", "service", "status", "owner", "is_spam"]
    show_change_link = False
    verbose_name = _("enquiry")
    verbose_name_plural = _("enquiries")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "owner")

    @admin.display(description=_("lead"))
    def lead_link(self, lead):
        return format_html(
            '<a href="{}">#{}</a>',
            reverse("admin:leads_lead_change", args=[lead.pk]),
            lead.pk,
        )


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "email", "phone", "lead_count", "created_at"]
    search_fields = ["name", "company", "email", "phone"]
    readonly_fields = ["created_at", "updated_at", "erased_at"]
    fields = [
        ("name", "company"),
        ("email", "phone"),
        ("created_at", "updated_at", "erased_at"),
    ]
    inlines = [ContactLeadInline]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator
    actions = ["erase_personal_data"]

    def get_queryset(self, request):
        # A correlated count, computed for the rows of the page only, not a GROUP BY
        # over every lead.
        count = (
            Lead.objects.filter(contact=OuterRef("pk"))
            .order_by()
            .values("contact")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(lead_count=Coalesce(Subquery(count), 0))
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_erase_permission(self, request):
        return request.user.has_perm("leads.change_contact")

    @admin.display(description=_("enquiries"), ordering="lead_count")
    def lead_count(self, contact):
        return contact.lead_count

    @admin.action(
        description=_("Erase these people's personal data"), permissions=["erase"]
    )
    def erase_personal_data(self, request, queryset):
        erased = 0
        for contact in queryset:
            lead = contact.leads.first()
            if lead is not None:
                erased += erasure.person_erase(lead=lead, user=request.user)
            else:
                erasure.contacts_anonymise(contact_ids=[contact.pk])
        self.message_user(
            request,
            ngettext(
                "Personal data erased from %(n)d lead.",
                "Personal data erased from %(n)d leads.",
                erased,
            )
            % {"n": erased},
        )


# --- Lists sales maintain -----------------------------------------------------------


@admin.register(LostReason)
class LostReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(BlockedPhrase)
class BlockedPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "hits", "created_at"]
    search_fields = ["phrase"]


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "hits", "created_at"]
    search_fields = ["domain"]


@admin.register(LeadNotification)
class LeadNotificationAdmin(admin.ModelAdmin):
    """The outbox, to see what is waiting and why; the worker does the sending."""

    list_display = [
        "lead",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state"]
    list_select_related = ["lead"]
    readonly_fields = [
        "lead",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    actions = ["retry_now"]
    ordering = ["-id"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.filter(state=LeadNotification.State.PENDING).update(
            next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d notification will be tried on the worker's next round.",
                "%(n)d notifications will be tried on the worker's next round.",
                count,
            )
            % {"n": count},
        )
