"""Where sales are told: notification channels and the outbox that delivers to them.

A `NotificationChannel` is a place sales look (an e-mail list, a WeCom, DingTalk or
Feishu group robot, a Slack webhook, a signed webhook). A `Delivery` is one message to
one channel or person, written in the transaction of what it announces and delivered
by the worker with retries (leads.outbox); each try is a `DeliveryAttempt`.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models import language_field, optional_foreign_key, user_field

from .base import ListEntry, Outbox, lead_condition_field, lead_services_field


class Event(models.TextChoices):
    """What a message announces."""

    NEW_LEAD = "new_lead", _("New lead")
    ASSIGNED = "assigned", _("Lead assigned")
    BREACH = "breach", _("First response overdue")
    STAGE = "stage", _("Stage changed")
    WON = "won", _("Lead won")
    LOST = "lost", _("Lead lost")
    DIGEST = "digest", _("Daily digest")
    TEST = "test", _("Test message")


def events_default():
    return [Event.NEW_LEAD]


class NotificationChannel(ListEntry):
    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk custom robot")
        FEISHU = "feishu", _("Feishu custom bot")
        SLACK = "slack", _("Slack incoming webhook")
        WEBHOOK = "webhook", _("Signed webhook")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(
        _("webhook address"),
        max_length=500,
        blank=True,
        help_text=_("The address the platform gave for the robot or webhook."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_(
            "DingTalk's and Feishu's signature secret, or the webhook's whsec_ secret."
        ),
    )
    email_to = models.TextField(
        _("e-mail addresses"),
        blank=True,
        help_text=_("For an e-mail channel: one address per line."),
    )
    language = language_field(
        _("language"), _("The language its messages are written in.")
    )
    events = models.JSONField(_("announces"), default=events_default, blank=True)
    # Filters: empty means any.
    sources = lead_condition_field(_("sources"))
    languages = lead_condition_field(_("lead languages"))
    services = lead_services_field()
    mention_owner = models.BooleanField(
        _("@mention the owner"),
        default=True,
        help_text=_("By the ID or mobile number in the owner's sales profile."),
    )
    per_minute = models.PositiveSmallIntegerField(
        _("messages per minute at most"),
        default=20,
        help_text=_("WeCom and DingTalk robots accept 20 a minute."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        ordering = ["name", "pk"]


class Delivery(Outbox):
    """One message to one channel or person, kept until it is delivered."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    # Either a channel or a person; the message goes with either, and with its lead.
    channel = optional_foreign_key(
        NotificationChannel,
        _("channel"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = user_field(
        _("person"),
        on_delete=models.CASCADE,
        help_text=_("A message to one person, by e-mail: no channel."),
    )
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    lead = optional_foreign_key(
        "leads.Lead", _("lead"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Makes each announcement happen once: e.g. "new_lead:42:channel:3".
    key = models.CharField(max_length=120, unique=True, editable=False)
    payload = models.JSONField(
        pgettext_lazy("delivery", "message"), default=dict, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["channel", "created_at", "id"],
                condition=Q(state="pending"),
                name="delivery_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.channel or self.recipient}"


class DeliveryAttempt(models.Model):
    """One try at a delivery and the receiver's answer."""

    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="tries",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    ok = models.BooleanField(_("delivered"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    answer = models.TextField(_("answer"), blank=True)
    duration_ms = models.PositiveIntegerField(_("took (ms)"), default=0)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = pgettext_lazy("delivery", "attempts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["delivery", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or ''}"
