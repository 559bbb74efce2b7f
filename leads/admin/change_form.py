"""A lead's page: its activities, the note box, the timeline, the read-only facts."""

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from agency.core.admin_base import new_tab_link

from ..merge import similar_leads
from ..models import Activity, Lead, LeadActivity, LeadEmail, LeadNotification
from .base import ReadOnlyInline, change_link, lead_link, sales_users, user_label
from .merge import LeadMergeViews


class ActivityForm(forms.ModelForm):
    """An open activity: plan it, move it, or mark it done by choosing its outcome."""

    due_at = forms.DateTimeField(
        label=_("due"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    class Meta:
        model = Activity
        fields = ["kind", "due_at", "assignee", "note", "outcome", "outcome_note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2, "cols": 22}),
            "outcome_note": forms.Textarea(attrs={"rows": 2, "cols": 22}),
        }
        labels = {"outcome": _("done: outcome")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = sales_users()
        self.fields["assignee"].label_from_instance = user_label
        self.fields["outcome"].help_text = _("Choose the outcome once it is done.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("due_at"):
            if cleaned.get("outcome") and not self.instance.pk:
                # Logging what was just done: it was due now.
                cleaned["due_at"] = timezone.now()
            elif "due_at" not in self.errors:
                self.add_error("due_at", _("Say when it is due."))
        if cleaned.get("outcome_note") and not cleaned.get("outcome"):
            self.add_error(
                "outcome", _("Choose the outcome to record what came of it.")
            )
        return cleaned


class ActivityInline(admin.TabularInline):
    """The lead's open activities, and a row to plan the next one."""

    model = Activity
    form = ActivityForm
    fields = ["kind", "due_at", "assignee", "note", "outcome", "outcome_note"]
    extra = 1
    can_delete = False
    verbose_name = _("activity")
    verbose_name_plural = _("activities: planned")
    classes = ["lead-activities"]

    def get_queryset(self, request):
        return super().get_queryset(request).open().select_related("assignee")


class DoneActivityInline(ReadOnlyInline):
    """What was done, newest first, with its outcome."""

    model = Activity
    fields = ["kind", "done_at", "assignee_label", "outcome", "outcome_note"]
    verbose_name = _("activity done")
    verbose_name_plural = _("activities: done")
    ordering = ["-done_at", "-pk"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(done_at__isnull=False)
            .select_related("assignee")
        )

    @admin.display(description=_("by"))
    def assignee_label(self, activity):
        return user_label(activity.assignee) if activity.assignee else "—"


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


def changed_field_label(name):
    """The verbose name of the lead field a "changed" entry names, or the name."""
    try:
        return Lead._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


class TimelineInline(ReadOnlyInline):
    model = LeadActivity
    fields = ["created_at", "kind", "author", "summary"]
    verbose_name = _("timeline entry")
    verbose_name_plural = _("timeline")
    ordering = ["-created_at", "-id"]
    classes = ["lead-timeline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description=_("details"))
    def summary(self, activity):
        if activity.kind == LeadActivity.Kind.CHANGED:
            field = capfirst(changed_field_label(activity.text))
            if activity.old_value or activity.new_value:
                return f"{field}: {activity.summary}"
            return field
        if activity.kind in (LeadActivity.Kind.PLANNED, LeadActivity.Kind.DONE):
            if activity.text:
                return f"{activity.new_value}: {activity.text}"
            return activity.new_value
        if activity.kind == LeadActivity.Kind.MERGED:
            return merged_summary(activity)
        if activity.kind == LeadActivity.Kind.OWNER and activity.text:
            # Assigned by a rule, which the entry names.
            return _("%(change)s (by the rule “%(rule)s”)") % {
                "change": activity.summary,
                "rule": activity.text,
            }
        return activity.summary


class EmailInline(ReadOnlyInline):
    """The e-mails with the person: what sales sent and the replies the worker filed,
    each to read in full (the timeline names them only by subject)."""

    model = LeadEmail
    fields = ["sent_at", "direction", "correspondent", "subject", "message"]
    verbose_name = pgettext_lazy("a message", "e-mail")
    verbose_name_plural = pgettext_lazy("messages", "e-mails")
    classes = ["lead-emails"]

    @admin.display(description=_("address"))
    def correspondent(self, email):
        return email.to  # a reply's `to` keeps who it came from

    @admin.display(description=_("text"))
    def message(self, email):
        first = email.body.strip().split("\n", 1)[0][:80]
        return format_html(
            '<details><summary>{}</summary><div class="lead-email-body">{}</div></details>',
            first or "—",
            email.body,
        )


def created_day(lead):
    """The day a lead came, in the site's time zone: 2026-11-30."""
    return date_format(timezone.localtime(lead.created_at), "Y-m-d")


def plain_list(css_class, item_html, rows):
    """A `<ul>` of one `item_html` (an `<li>`) for each row of values, escaped."""
    return format_html(
        "<ul class='{}'>{}</ul>", css_class, format_html_join("", item_html, rows)
    )


def merged_summary(activity):
    """A merge entry, in the reader's language: which lead went into which.

    The entry keeps lead numbers (old_value: the merged one, new_value: the survivor)
    and, on the survivor's, the names of the fields the merge filled.
    """
    merged, survivor = activity.old_value, activity.new_value
    if str(activity.lead_id) == survivor:
        text = format_html(_("Lead {} merged into this one."), lead_link(merged))
        filled = [f for f in activity.text.split(",") if f]
        if filled:
            text = format_html(
                "{} {}",
                text,
                _("Taken from it: %(fields)s.")
                % {"fields": ", ".join(str(changed_field_label(f)) for f in filled)},
            )
        return text
    return format_html(_("Merged into lead {}."), lead_link(survivor))


class LeadChangeFormFields(LeadMergeViews):
    """The read-only fields of LeadAdmin's change form (and the merge page they link)."""

    @admin.display(description=_("similar leads"))
    def similar_leads(self, lead):
        """Leads that may be this person or company again, why, and a way to merge."""
        if lead.merged_into_id:
            return format_html(
                "{} {}", _("Merged into"), lead_link(lead.merged_into_id)
            )
        similar = similar_leads(lead=lead)
        if not similar:
            return _("None found (same phone, WeChat ID or company e-mail domain).")
        return plain_list(
            "lead-plain-list lead-similar",
            '<li><a href="{}">#{} {}</a> · {} · {} · <em>{}</em> · '
            '<a href="{}" class="lead-merge-link">{}</a></li>',
            (
                (
                    reverse("admin:leads_lead_change", args=[item.lead.pk]),
                    item.lead.pk,
                    item.lead,
                    created_day(item.lead),
                    item.lead.get_status_display(),
                    ", ".join(str(why) for why in item.reasons),
                    reverse("admin:leads_lead_merge", args=[lead.pk, item.lead.pk]),
                    _("Merge…"),
                )
                for item in similar
            ),
        )

    @admin.display(description=_("contact"))
    def contact_link(self, lead):
        return change_link(lead.contact)

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
        return plain_list(
            "lead-plain-list",
            '<li><a href="{}">{} · {} · {}</a></li>',
            (
                (
                    reverse("admin:leads_lead_change", args=[other.pk]),
                    created_day(other),
                    other.service or _("no service"),
                    other.get_status_display(),
                )
                for other in others
            ),
        )

    @admin.display(description=_("sent from page"))
    def page_link(self, lead):
        return new_tab_link(lead.page_url, lead.page_url)

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

    @admin.display(description=_("landing page"))
    def landing_display(self, lead):
        """The campaign page whose form it was sent from, and the version seen."""
        if lead.landing_page_id is None:
            return "—"
        page = lead.landing_page
        return format_html(
            '<a href="{}">{}</a> ({})',
            page.get_absolute_url(),
            page.title,
            lead.landing_variant.name if lead.landing_variant_id else _("Original"),
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
            text = format_html(
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
            if notification.delivered_to:
                # One e-mail per language: some recipients may have theirs already.
                text = format_html(
                    "{}<br><small>{}</small>",
                    text,
                    _("Already sent to: %(addresses)s.")
                    % {"addresses": ", ".join(notification.delivered_to)},
                )
            return text
        return _("Queued.")
