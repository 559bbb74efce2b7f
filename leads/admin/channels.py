"""Notification channels and the delivery log in the admin.

A manager sets up where sales are told (an e-mail list, a WeCom, DingTalk or Feishu
group robot, a Slack webhook, a signed webhook) and which leads each announces, and
tries it with "Send a test message". The delivery log shows every message, each
attempt and the platform's answer; a message given up can be sent again. The worker
sends (leads.outbox); nothing here talks to a platform.
"""

import base64
import binascii
import json

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import outbox
from ..models import Delivery, DeliveryAttempt, Event, Lead, NotificationChannel
from .base import CappedCountPaginator, ReadOnlyInline, lead_link

Kind = NotificationChannel.Kind
CHAT_KINDS = {Kind.WECOM, Kind.DINGTALK, Kind.FEISHU, Kind.SLACK, Kind.WEBHOOK}
ANNOUNCED = [
    (Event.NEW_LEAD, Event.NEW_LEAD.label),
    (Event.ASSIGNED, Event.ASSIGNED.label),
    (Event.BREACH, Event.BREACH.label),
    (Event.STAGE, Event.STAGE.label),
    (Event.WON, Event.WON.label),
    (Event.LOST, Event.LOST.label),
]

KIND_HELP = _(
    "E-mail: the addresses, one a line. "
    "WeCom: the robot's webhook address (…/cgi-bin/webhook/send?key=…). "
    "DingTalk: the robot's address (…/robot/send?access_token=…) and, with "
    "'sign' security, its SEC… secret. "
    "Feishu: the bot's address (…/open-apis/bot/v2/hook/…) and, with signature "
    "verification, its secret. "
    "Slack: the incoming webhook's address (https://hooks.slack.com/services/…). "
    "Signed webhook: your endpoint's address and a whsec_… secret (Standard "
    "Webhooks); it also receives the visitor's e-mail, phone and message, which chat "
    "groups never do."
)


def https_urls(db_field, **kwargs):
    """A URL typed without its scheme is https:// (Django 6's default)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class NotificationChannelForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("announces"),
        choices=ANNOUNCED,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this channel is told about."),
    )
    sources = forms.MultipleChoiceField(
        label=_("sources"),
        required=False,
        choices=Lead.Source.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only leads from these; none ticked: any source."),
    )
    languages = forms.MultipleChoiceField(
        label=_("lead languages"),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only leads sent in these; none ticked: any language."),
    )

    class Meta:
        model = NotificationChannel
        formfield_callback = https_urls
        fields = [
            "name",
            "kind",
            "active",
            "language",
            "url",
            "secret",
            "email_to",
            "events",
            "sources",
            "languages",
            "services",
            "mention_owner",
            "per_minute",
        ]
        widgets = {
            "secret": forms.PasswordInput(render_value=True),
            "email_to": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_per_minute(self):
        value = self.cleaned_data["per_minute"]
        if not value:
            raise ValidationError(_("At least one message a minute."))
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        url = (cleaned.get("url") or "").strip()
        secret = (cleaned.get("secret") or "").strip()
        if kind in CHAT_KINDS and not url:
            self.add_error("url", _("This kind of channel needs its webhook address."))
        if url and not url.startswith(("https://", "http://")):
            self.add_error("url", _("The address starts with https://."))
        if kind == Kind.EMAIL:
            cleaned["email_to"] = self._addresses(cleaned.get("email_to") or "")
        if kind == Kind.WEBHOOK:
            self._check_whsec(secret)
        if kind == Kind.DINGTALK and secret and not secret.startswith("SEC"):
            self.add_error(
                "secret", _("DingTalk's signing secret starts with SEC: copy it whole.")
            )
        cleaned["secret"] = secret
        return cleaned

    def _addresses(self, text):
        addresses = [line.strip() for line in text.splitlines() if line.strip()]
        if not addresses:
            self.add_error("email_to", _("An e-mail channel needs an address."))
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                self.add_error(
                    "email_to",
                    _("“%(address)s” is not an e-mail address.") % {"address": address},
                )
        return "\n".join(addresses)

    def _check_whsec(self, secret):
        if not secret.startswith("whsec_"):
            self.add_error(
                "secret", _("A signed webhook needs a secret starting with whsec_.")
            )
            return
        try:
            key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) < 24:
            self.add_error(
                "secret",
                _("After whsec_ comes base64 of 24 to 64 random bytes."),
            )


@admin.register(NotificationChannel)
class NotificationChannelAdmin(admin.ModelAdmin):
    form = NotificationChannelForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "active", "language", "announces", "waiting"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    filter_horizontal = ["services"]
    actions = ["send_test"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "active", "language"]}),
        (
            _("Where"),
            {"fields": ["url", "secret", "email_to"], "description": KIND_HELP},
        ),
        (
            _("What"),
            {
                "fields": ["events", "sources", "languages", "services"],
                "description": _("Empty filters take every lead."),
            },
        ),
        (None, {"fields": ["mention_owner", "per_minute"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                waiting_count=Count(
                    "deliveries", filter=Q(deliveries__state=Delivery.State.PENDING)
                )
            )
        )

    @admin.display(description=_("announces"))
    def announces(self, channel):
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in channel.events)

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, channel):
        if not channel.waiting_count:
            return 0
        url = reverse("admin:leads_delivery_changelist")
        return format_html(
            '<a href="{}?channel__id__exact={}&state__exact=pending">{}</a>',
            url,
            channel.pk,
            channel.waiting_count,
        )

    @admin.action(description=_("Send a test message"), permissions=["change"])
    def send_test(self, request, queryset):
        channels = list(queryset.filter(active=True))
        for channel in channels:
            outbox.test_message(channel=channel)
        self.message_user(
            request,
            ngettext(
                "A test message is queued for %(n)d channel: see the delivery log.",
                "Test messages are queued for %(n)d channels: see the delivery log.",
                len(channels),
            )
            % {"n": len(channels)},
        )


class AttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["at", "ok", "status_code", "answer", "duration_ms"]
    ordering = ["at", "id"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every message, its attempts and answers; nothing edited."""

    list_display = [
        "created_at",
        "where",
        "event",
        "lead_link",
        "state",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["state", "event", "channel"]
    list_select_related = ["channel", "recipient", "lead"]
    search_fields = ["key", "last_error"]
    fields = [
        ("channel", "recipient"),
        ("event", "lead_link"),
        ("state", "attempts"),
        ("created_at", "next_attempt_at", "sent_at"),
        "last_error",
        "message",
    ]
    readonly_fields = [
        "channel",
        "recipient",
        "event",
        "lead_link",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "message",
    ]
    inlines = [AttemptInline]
    actions = ["send_again"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("to"))
    def where(self, delivery):
        return delivery.channel or delivery.recipient or "—"

    @admin.display(description=_("lead"), ordering="lead")
    def lead_link(self, delivery):
        return lead_link(delivery.lead_id)

    @admin.display(description=_("last error"))
    def error(self, delivery):
        return Truncator(delivery.last_error).chars(80)

    @admin.display(description=_("message"))
    def message(self, delivery):
        payload = delivery.payload or {}
        text = "\n".join(
            [
                payload.get("title", ""),
                *payload.get("lines", []),
                payload.get("url", ""),
            ]
        )
        mention = payload.get("mention") or {}
        if mention:
            text += "\n@" + json.dumps(mention, ensure_ascii=False)
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox.delivery_send_again(
            delivery_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(n)d message will be sent again, in its channel's order.",
                "%(n)d messages will be sent again, in their channels' order.",
                count,
            )
            % {"n": count},
        )
