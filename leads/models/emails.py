"""E-mail from a lead's page: the templates sales write with, and each message sent."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models import user_field
from agency.core.translation import localized

from .base import ListEntry
from .lead import lead_field


class EmailTemplate(ListEntry):
    """A message sales start from, in both languages, with placeholders."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {name}, {company}, {service}, {owner}. "
            "Each is replaced by the lead's value."
        ),
    )
    subject_zh_hans = models.CharField(_("subject (Chinese)"), max_length=200)
    body_zh_hans = models.TextField(_("text (Chinese)"))

    display_subject = localized("subject")
    display_body = localized("body")

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["name"]


def thread_token():
    return secrets.token_hex(5)


class LeadEmail(models.Model):
    """One e-mail sales sent to the person behind a lead (or, later, their reply).

    Its `token` travels in the subject ("[L42-3f9a1c2b7e]"), so a reply that reaches the
    sales mailbox can be matched to the lead.
    """

    class Direction(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Reply received")

    lead = lead_field("emails")
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.SENT
    )
    # A received reply's Message-ID: each is logged once, however often it is read.
    message_id = models.CharField(max_length=250, blank=True, editable=False)
    sent_by = user_field(_("sent by"), blank=False)
    # A reply: who it came from. An address (收件人), not a changed value's "to".
    to = models.EmailField(pgettext_lazy("e-mail", "to"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    token = models.CharField(max_length=16, default=thread_token, db_index=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail to a lead")
        verbose_name_plural = _("e-mails to leads")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="lead_email_message_once",
            )
        ]

    def __str__(self):
        return self.subject
