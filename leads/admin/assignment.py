"""Assignment rules and sales profiles in the admin: who gets new leads, who is away.

The rules' conditions are lists of the lead fields' choices, stored as JSON: the form
shows them as ticks and the calling codes as plain text, so a manager never types JSON.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import AssignmentRule, Lead, NotificationChannel, SalesProfile
from ..models.assignment import weekdays_default
from .base import admin_page, sales_users, user_label

CALLING_CODE = re.compile(r"^\d{1,4}$")


def _any_of(label, choices, help_text):
    """A condition on one lead field: ticks of its choices, none ticked for any."""
    return forms.MultipleChoiceField(
        label=capfirst(label),
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class AssignmentRuleForm(forms.ModelForm):
    sources = _any_of(
        _("sources"),
        Lead.Source.choices,
        _("Leads from any of these; none ticked: any source."),
    )
    languages = _any_of(
        _("languages"),
        settings.LANGUAGES,
        _("Leads sent in any of these; none ticked: any language."),
    )
    placements = _any_of(
        _("forms"),
        Lead.Placement.choices,
        _("Leads sent from any of these forms; none ticked: any form."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=capfirst(_("working days")),
        required=False,
        coerce=int,
        choices=sorted(WEEKDAYS.items()),
        initial=weekdays_default,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The rule assigns on these days only; none ticked: every day."),
    )
    countries = forms.CharField(
        label=capfirst(_("countries")),
        required=False,
        help_text=_(
            "Calling codes of the lead's phone number, separated by commas, "
            "e.g. 86, 852, 1; empty: any country."
        ),
    )

    class Meta:
        model = AssignmentRule
        fields = [
            "name",
            "order",
            "active",
            "method",
            "members",
            "services",
            "sources",
            "languages",
            "placements",
            "countries",
            "weekdays",
            "start_time",
            "end_time",
        ]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = sales_users()
        self.fields["members"].label_from_instance = user_label
        # A text box of codes, not the stored list ("[]" would not read back).
        self.initial["countries"] = ", ".join(self.instance.countries or [])

    def clean_countries(self):
        codes = []
        for part in re.split(r"[,\s;，、]+", self.cleaned_data["countries"]):
            code = part.strip().lstrip("+")
            if not code:
                continue
            if not CALLING_CODE.match(code):
                raise forms.ValidationError(
                    _("“%(code)s” is not a calling code: write digits, e.g. 86 or 1."),
                    params={"code": part},
                    code="invalid_calling_code",
                )
            if code not in codes:
                codes.append(code)
        return codes

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end comes after the start."))
        return cleaned


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    form = AssignmentRuleForm
    list_display = [
        "name",
        "order",
        "active",
        "method",
        "members_list",
        "conditions",
        "hours",
    ]
    list_display_links = ["name"]
    list_editable = ["order", "active"]
    ordering = ["order", "pk"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", ("order", "active"), "method", "members"]}),
        (
            _("Conditions: the rule takes leads that meet all of them"),
            {
                "fields": [
                    "services",
                    "sources",
                    "languages",
                    "placements",
                    "countries",
                ]
            },
        ),
        (_("When it assigns"), {"fields": ["weekdays", ("start_time", "end_time")]}),
    ]
    filter_horizontal = ["services"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members", "services")

    @admin.display(description=_("members"))
    def members_list(self, rule):
        return ", ".join(user_label(m) for m in rule.members.all()) or "—"

    @admin.display(description=_("conditions"))
    def conditions(self, rule):
        parts = [str(s) for s in rule.services.all()]
        sources = dict(Lead.Source.choices)
        parts += [str(sources.get(s, s)) for s in rule.sources]
        parts += [str(dict(settings.LANGUAGES).get(c, c)) for c in rule.languages]
        placements = dict(Lead.Placement.choices)
        parts += [str(placements.get(p, p)) for p in rule.placements]
        parts += [f"+{code}" for code in rule.countries]
        return ", ".join(parts) or _("Any lead")

    @admin.display(description=_("when"))
    def hours(self, rule):
        days = ", ".join(str(WEEKDAYS[d]) for d in sorted(rule.weekdays)) or _(
            "Every day"
        )
        if rule.start_time or rule.end_time:
            start = rule.start_time.strftime("%H:%M") if rule.start_time else "00:00"
            end = rule.end_time.strftime("%H:%M") if rule.end_time else "24:00"
            return format_html("{}<br>{}–{}", days, start, end)
        return days


class SalesProfileForm(forms.ModelForm):
    class Meta:
        model = SalesProfile
        fields = [
            "user",
            "away_from",
            "away_until",
            "mobile",
            "wecom_userid",
            "dingtalk_userid",
            "feishu_user_id",
            "slack_member_id",
            "digest_hour",
            "digest_channel",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = sales_users()
            self.fields["user"].label_from_instance = user_label
        self.fields["digest_channel"].queryset = NotificationChannel.objects.filter(
            active=True
        ).exclude(kind=NotificationChannel.Kind.EMAIL)

    def clean_digest_hour(self):
        hour = self.cleaned_data["digest_hour"]
        if hour is not None and not 0 <= hour <= 23:
            raise forms.ValidationError(
                _("An hour of the day: from 0 to 23."), code="invalid_hour"
            )
        return hour

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("away_from"), cleaned.get("away_until")
        if start and end and end < start:
            self.add_error("away_until", _("The last day away comes after the first."))
        return cleaned


@admin.register(SalesProfile)
class SalesProfileAdmin(admin.ModelAdmin):
    form = SalesProfileForm
    list_display = ["user", "away", "digest_hour", "digest_channel"]
    list_select_related = ["user", "digest_channel"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
    ]
    fieldsets = [
        (None, {"fields": ["user"]}),
        (_("Away"), {"fields": [("away_from", "away_until")]}),
        (
            _("How chats name them"),
            {
                "fields": [
                    "mobile",
                    ("wecom_userid", "dingtalk_userid"),
                    ("feishu_user_id", "slack_member_id"),
                ]
            },
        ),
        (_("Daily digest"), {"fields": [("digest_hour", "digest_channel")]}),
    ]

    def get_urls(self):
        return [
            admin_page(
                self, "mine/", self.mine_view, "leads_salesprofile_mine", needs="change"
            ),
            *super().get_urls(),
        ]

    def mine_view(self, request):
        """The signed-in salesperson's own profile (made on first use)."""
        profile, _created = SalesProfile.objects.get_or_create(user=request.user)
        return redirect(reverse("admin:leads_salesprofile_change", args=[profile.pk]))

    def get_readonly_fields(self, request, obj=None):
        # Whose profile it is does not change once made.
        return ["user"] if obj is not None else []

    @admin.display(description=_("away"))
    def away(self, profile):
        if not (profile.away_from or profile.away_until):
            return "—"
        return f"{profile.away_from or '…'} – {profile.away_until or '…'}"
