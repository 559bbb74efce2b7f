"""The lead admin: the list sales work from and a lead's page, put together.

Its columns, change-form fields, actions and extra views are mixins in the modules beside.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Lead, LeadActivity, LostReason
from .actions import LeadActions
from .base import (
    CappedCountPaginator,
    FollowUpFilter,
    LeadActionForm,
    OwnerFilter,
    SpamFilter,
    sales_users,
    user_label,
)
from .change_form import LeadChangeFormFields, NoteInline, TimelineInline
from .columns import LeadColumns
from .views import LeadViews


@admin.register(Lead)
class LeadAdmin(
    LeadColumns, LeadChangeFormFields, LeadActions, LeadViews, admin.ModelAdmin
):
    change_list_template = "leads/admin/lead_change_list.html"
    change_form_template = "leads/admin/lead_change_form.html"
    list_display = [
        "lead_label",
        "status_badge",
        "owner_label",
        "service",
        "source",
        "age",
        "follow_up",
        "restore_button",
    ]
    list_display_links = ["lead_label"]
    list_filter = [
        SpamFilter,
        "status",
        OwnerFilter,
        FollowUpFilter,
        "service",
        "source",
        "placement",
        "language",
        ("created_at", admin.DateFieldListFilter),
        "is_repeat",
        "priority",
    ]
    search_fields = ["name", "company", "email", "phone"]
    search_help_text = _("Search by name, company, e-mail or phone.")
    list_select_related = ["owner", "service", "notification"]
    list_per_page = 50
    show_full_result_count = False
    # Facet counts are a COUNT per filter choice over the whole table: not at a million.
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator
    action_form = LeadActionForm
    actions = [
        "assign_to_me",
        "assign_owner",
        "set_status",
        "mark_spam",
        "mark_not_spam",
        "export_selected",
        "erase_personal_data",
    ]
    raw_id_fields = ["article", "contact"]
    inlines = [NoteInline, TimelineInline]
    readonly_fields = [
        "contact_link",
        "is_repeat",
        "other_leads",
        "source",
        "placement",
        "page_link",
        "article",
        "first_touch_display",
        "last_touch_display",
        "created_at",
        "user_agent",
        "ip_address",
        "spam_display",
        "notification_display",
        "consent_text",
        "erased_at",
    ]
    fieldsets = [
        (
            _("Pipeline"),
            {
                "fields": [
                    ("status", "lost_reason"),
                    ("owner", "priority"),
                    ("next_follow_up", "estimated_value"),
                ]
            },
        ),
        (
            _("Enquiry"),
            {
                "fields": [
                    ("name", "company"),
                    ("email", "phone"),
                    ("preferred_contact", "language"),
                    ("service", "budget"),
                    "message",
                ]
            },
        ),
        (
            _("The person"),
            {"fields": ["contact_link", "is_repeat", "other_leads"]},
        ),
        (
            _("Where it came from"),
            {
                "fields": [
                    ("created_at", "source"),
                    ("placement", "page_link"),
                    "article",
                    "first_touch_display",
                    "last_touch_display",
                ]
            },
        ),
        (
            _("Delivery, spam and privacy"),
            {
                "classes": ["collapse"],
                "fields": [
                    "notification_display",
                    "spam_display",
                    "consent_text",
                    ("user_agent", "ip_address"),
                    "erased_at",
                ],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/leads.css"]}

    # --- Permissions -----------------------------------------------------------------

    def has_export_permission(self, request):
        return request.user.has_perm("leads.export_lead")

    def has_delete_permission(self, request, obj=None):
        # No lead is ever lost by a click: sales move junk to spam and erase a person's
        # data on request, both of which keep the row; only a superuser deletes.
        return request.user.is_superuser

    def has_erase_permission(self, request):
        return request.user.has_perm("leads.change_lead")

    # --- Queryset and form ------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "owner", "service", "notification", "lost_reason", "contact"
            )
        )

    def get_search_results(self, request, queryset, search_term):
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        digits = "".join(c for c in search_term if c.isdigit())
        if len(digits) >= 5:
            # "138 0013 8000" finds "+86 13800138000": compare the digits.
            queryset |= filtered.filter(phone_normalised__contains=digits)
        return queryset, may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = sales_users()
        if db_field.name == "lost_reason":
            kwargs["queryset"] = LostReason.objects.filter(active=True)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner":
            field.label_from_instance = user_label
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            before = Lead.objects.filter(pk=obj.pk).values("status", "owner_id").first()
            super().save_model(request, obj, form, change)
            services.lead_record_changes(
                lead=obj,
                user=request.user,
                old_status=before["status"],
                old_owner_id=before["owner_id"],
            )
            return
        # A lead sales type in themselves, from a call or a meeting.
        obj.source = Lead.Source.MANUAL
        obj.placement = Lead.Placement.NONE
        super().save_model(request, obj, form, change)
        LeadActivity.objects.create(
            lead=obj, kind=LeadActivity.Kind.CREATED, author=request.user
        )
        services.lead_record_changes(
            lead=obj, user=request.user, old_status=obj.status, old_owner_id=None
        )
        contact, known = services.contact_match_or_create(lead=obj)
        Lead.objects.filter(pk=obj.pk).update(contact=contact, is_repeat=known)

    def save_formset(self, request, form, formset, change):
        if formset.model is not LeadActivity:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if note.text.strip():
                services.lead_note_add(
                    lead=form.instance, user=request.user, text=note.text.strip()
                )
        return None
