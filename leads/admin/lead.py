"""The lead admin: the list sales work from and a lead's page, put together.

Its columns, change-form fields, actions and extra views are mixins in the modules beside.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import activities, pipeline, services
from ..models import Activity, Lead, LeadActivity, LostReason
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
from .board import BoardViews
from .change_form import (
    ActivityInline,
    DoneActivityInline,
    EmailInline,
    LeadChangeFormFields,
    NoteInline,
    TimelineInline,
)
from .columns import FirstResponseFilter, LeadColumns
from .email import LeadEmailViews
from .imports import LeadImportViews
from .merge import MergedFilter
from .my_day import MyDayViews
from .pipeline import StageProbabilityAdmin  # noqa: F401 (registers it)
from .views import LeadViews


@admin.register(Lead)
class LeadAdmin(
    LeadColumns,
    LeadChangeFormFields,
    LeadActions,
    MyDayViews,
    LeadImportViews,
    BoardViews,
    LeadEmailViews,
    LeadViews,
    admin.ModelAdmin,
):
    change_list_template = "leads/admin/lead_change_list.html"
    change_form_template = "leads/admin/lead_change_form.html"
    list_display = [
        "lead_label",
        "status_badge",
        "owner_label",
        "response",
        "service",
        "source",
        "age",
        "follow_up",
        "restore_button",
    ]
    list_display_links = ["lead_label"]
    list_filter = [
        SpamFilter,
        MergedFilter,
        "status",
        OwnerFilter,
        FollowUpFilter,
        FirstResponseFilter,
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
    inlines = [
        ActivityInline,
        DoneActivityInline,
        NoteInline,
        EmailInline,
        TimelineInline,
    ]
    readonly_fields = [
        "next_follow_up",
        "assigned_at",
        "first_attempt_at",
        "first_reached_at",
        "response_due_at",
        "contact_link",
        "is_repeat",
        "other_leads",
        "similar_leads",
        "source",
        "placement",
        "page_link",
        "article",
        "landing_display",
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
                    ("estimated_value", "probability"),
                    ("expected_close", "next_follow_up"),
                    ("assigned_at", "response_due_at"),
                    ("first_attempt_at", "first_reached_at"),
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
                    "wechat_id",
                    ("service", "budget"),
                    "message",
                ]
            },
        ),
        (
            _("The person"),
            {"fields": ["contact_link", "is_repeat", "other_leads", "similar_leads"]},
        ),
        (
            _("Where it came from"),
            {
                "fields": [
                    ("created_at", "source"),
                    ("placement", "page_link"),
                    "article",
                    "landing_display",
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        fields = form.base_fields
        if "estimated_value" in fields:
            fields["estimated_value"].label = _("Expected value (%(currency)s)") % {
                "currency": settings.AGENCY_CURRENCY
            }
            fields["estimated_value"].help_text = ""
        if "probability" in fields:
            stage = obj.status if obj is not None else Lead.Status.NEW
            fields["probability"].help_text = _(
                "Empty: the stage's, now %(probability)s%% (%(stage)s)."
            ) % {
                "probability": pipeline.stage_probabilities().get(stage, 0),
                "stage": Lead.Status(stage).label,
            }
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            before = activities.lead_snapshot(lead=Lead.objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            activities.lead_record_changes(
                lead=obj,
                user=request.user,
                old_status=before["status"],
                old_owner_id=before["owner_id"],
                old_values=before,
            )
            return
        # A lead sales type in themselves, from a call or a meeting.
        obj.source = Lead.Source.MANUAL
        obj.placement = Lead.Placement.NONE
        super().save_model(request, obj, form, change)
        LeadActivity.objects.create(
            lead=obj, kind=LeadActivity.Kind.CREATED, author=request.user
        )
        activities.lead_record_changes(
            lead=obj, user=request.user, old_status=obj.status, old_owner_id=None
        )
        contact, known = services.contact_match_or_create(lead=obj)
        Lead.objects.filter(pk=obj.pk).update(contact=contact, is_repeat=known)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ActivityInline):
            kwargs["initial"] = [self._next_activity_initial(request, obj)]
        return kwargs

    def _next_activity_initial(self, request, lead):
        """The new-activity row, prefilled: for the owner (or me), of the kind last done.

        Read from the database, not the form, so the row reads the same when the form
        comes back (an untouched row is then left out).
        """
        if lead is None or lead.pk is None:
            return {"assignee": request.user.pk}
        owner_id = Lead.objects.filter(pk=lead.pk).values_list("owner_id", flat=True)
        last = (
            Activity.objects.filter(lead_id=lead.pk, done_at__isnull=False)
            .order_by("-done_at", "-pk")
            .values_list("kind", flat=True)
            .first()
        )
        return {
            "assignee": owner_id.first() or request.user.pk,
            "kind": last or Activity.Kind.CALL,
        }

    def save_formset(self, request, form, formset, change):
        if formset.model is Activity:
            return self._save_activities(request, form.instance, formset)
        if formset.model is not LeadActivity:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if note.text.strip():
                services.lead_note_add(
                    lead=form.instance, user=request.user, text=note.text.strip()
                )
        return None

    def _save_activities(self, request, lead, formset):
        """Plan new activities, move open ones, mark done those given an outcome."""
        formset.save(commit=False)  # what the change message reads; saved below
        done = 0
        for row in formset.forms:
            activity = row.instance
            if activity.done_at or not row.has_changed():
                continue  # a done one (shown to read) or a row left as it was
            data = row.cleaned_data
            if activity.pk is None:
                activity = activities.activity_plan(
                    lead=lead,
                    kind=data["kind"],
                    due_at=data["due_at"],
                    assignee=data.get("assignee"),
                    note=data.get("note", ""),
                    user=request.user,
                )
            elif {"kind", "due_at", "assignee", "note"} & set(row.changed_data):
                activities.activity_reschedule(activity=activity, user=request.user)
            if data.get("outcome"):
                activity.lead = lead
                done += activities.activity_done(
                    activity=activity,
                    outcome=data["outcome"],
                    note=data.get("outcome_note", ""),
                    user=request.user,
                )
        if done:
            request.lead_activity_done = True
            self.message_user(
                request,
                format_html(
                    '{} <a href="#planned-group">{}</a>',
                    gettext("Marked done."),
                    gettext("Schedule the next one below."),
                ),
            )

    def response_change(self, request, obj):
        if getattr(request, "lead_activity_done", False) and "_continue" not in (
            request.POST
        ):
            # Something was done: back to the lead, its next activity ready to plan.
            return HttpResponseRedirect(
                reverse("admin:leads_lead_change", args=[obj.pk]) + "#planned-group"
            )
        return super().response_change(request, obj)
