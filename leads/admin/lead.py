"""The lead list sales work from, a lead's page with its timeline, and the dashboard."""

import logging

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import reports, services
from ..export import csv_response
from ..models import Lead, LeadActivity, LeadNotification, LostReason
from .base import (
    CappedCountPaginator,
    FollowUpFilter,
    LeadActionForm,
    OwnerFilter,
    SpamFilter,
    sales_users,
    user_label,
)

logger = logging.getLogger("leads.export")

# --- Inlines ------------------------------------------------------------------------


class NoteInline(admin.TabularInline):
    """Add a note to the timeline; existing entries are shown by the timeline below."""

    model = LeadActivity
    fields = ["text"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("new note")
    verbose_name_plural = _("add a note")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.required = False
            field.widget.attrs.update(
                {"rows": 3, "placeholder": _("What happened, what is next…")}
            )
            field.label = _("Note")
        return field


class TimelineInline(admin.TabularInline):
    model = LeadActivity
    fields = ["created_at", "kind", "author", "summary"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("timeline entry")
    verbose_name_plural = _("timeline")
    ordering = ["-created_at", "-id"]
    classes = ["lead-timeline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("details"))
    def summary(self, activity):
        return activity.summary


# --- Leads --------------------------------------------------------------------------


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
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
                    "preferred_contact",
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

    # --- Columns ----------------------------------------------------------------------

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

    # --- Read-only fields of the change form -----------------------------------------

    @admin.display(description=_("contact"))
    def contact_link(self, lead):
        if not lead.contact_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:leads_contact_change", args=[lead.contact_id]),
            lead.contact,
        )

    @admin.display(description=_("other enquiries of this person"))
    def other_leads(self, lead):
        if not lead.contact_id:
            return "—"
        others = (
            Lead.objects.filter(contact_id=lead.contact_id)
            .exclude(pk=lead.pk)
            .select_related("service")[:20]
        )
        if not others:
            return _("None: this is their first.")
        return format_html(
            "<ul class='lead-plain-list'>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} · {} · {}</a></li>',
                (
                    (
                        reverse("admin:leads_lead_change", args=[other.pk]),
                        date_format(timezone.localtime(other.created_at), "Y-m-d"),
                        other.service or _("no service"),
                        other.get_status_display(),
                    )
                    for other in others
                ),
            ),
        )

    @admin.display(description=_("sent from page"))
    def page_link(self, lead):
        if not lead.page_url:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            lead.page_url,
            lead.page_url,
        )

    def _touch(self, touch):
        if not touch:
            return _("Direct visit, or nothing recorded.")
        labels = {
            "landing": _("landing page"),
            "referrer": _("referrer"),
            "utm_source": "utm_source",
            "utm_medium": "utm_medium",
            "utm_campaign": "utm_campaign",
            "utm_term": "utm_term",
            "utm_content": "utm_content",
            "at": _("when"),
        }
        return format_html(
            "<dl class='lead-touch'>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                ((labels.get(k, k), v) for k, v in touch.items() if v),
            ),
        )

    @admin.display(description=_("first visit"))
    def first_touch_display(self, lead):
        return self._touch(lead.first_touch)

    @admin.display(description=_("latest visit"))
    def last_touch_display(self, lead):
        return self._touch(lead.last_touch)

    @admin.display(description=_("spam"))
    def spam_display(self, lead):
        if not lead.is_spam:
            return _("No")
        return format_html("{}: {}", _("Yes"), lead.spam_reasons_display or "—")

    @admin.display(description=_("sales notification"))
    def notification_display(self, lead):
        notification = getattr(lead, "notification", None)
        if notification is None:
            return _("None (spam, or entered by sales).")
        if notification.state == LeadNotification.State.SENT:
            return format_html(
                "{} {}",
                _("Sent"),
                date_format(
                    timezone.localtime(notification.sent_at), "DATETIME_FORMAT"
                ),
            )
        if notification.attempts:
            return format_html(
                "{}<br><small>{}</small>",
                ngettext(
                    "Not sent yet: %(n)d failed attempt, retrying %(when)s.",
                    "Not sent yet: %(n)d failed attempts, retrying %(when)s.",
                    notification.attempts,
                )
                % {
                    "n": notification.attempts,
                    "when": date_format(
                        timezone.localtime(notification.next_attempt_at),
                        "DATETIME_FORMAT",
                    ),
                },
                notification.last_error,
            )
        return _("Queued.")

    # --- Actions ----------------------------------------------------------------------

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(
            services.lead_assign(lead=lead, owner=request.user, user=request.user)
            for lead in queryset
        )
        self.message_user(request, _("%(n)d leads assigned to you.") % {"n": changed})

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
            _("%(n)d leads assigned to %(owner)s.")
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
            _("%(n)d leads set to “%(status)s”.")
            % {"n": changed, "status": Lead.Status(status).label},
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        changed = sum(
            services.lead_mark_spam(lead=lead, user=request.user) for lead in queryset
        )
        self.message_user(request, _("%(n)d leads moved to spam.") % {"n": changed})

    @admin.action(description=_("Not spam: restore"), permissions=["change"])
    def mark_not_spam(self, request, queryset):
        changed = sum(
            services.lead_mark_not_spam(lead=lead, user=request.user)
            for lead in queryset
        )
        self.message_user(
            request, _("%(n)d leads restored from spam.") % {"n": changed}
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
                services.person_erase(lead=lead, user=request.user) for lead in leads
            )
            self.message_user(
                request,
                _("Personal data erased from %(n)d leads; their counts remain.")
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

    # --- Extra views ------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="leads_lead_dashboard"),
            path("export/", wrap(self.export_view), name="leads_lead_export"),
            path(
                "<int:pk>/not-spam/",
                wrap(require_POST(self.not_spam_view)),
                name="leads_lead_not_spam",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as it is filtered and searched now, as CSV."""
        if not (
            self.has_view_permission(request) and self.has_export_permission(request)
        ):
            raise PermissionDenied
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
        if not self.has_change_permission(request):
            raise PermissionDenied
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
        if not self.has_view_permission(request):
            raise PermissionDenied
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
                "overdue": genuine.follow_up_overdue().count(),
                "unassigned": genuine.open().filter(owner__isnull=True).count(),
                "new_this_week": reports.period_leads(7).count(),
                "quarantined_this_week": reports.quarantined_leads(7).count(),
            }

        return cache.get_or_set(f"leads:dashboard:{days}", compute, timeout=60)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)
