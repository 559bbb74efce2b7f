"""What tells sales: the outbox of a lead's notification and the daily digest."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import Outbox
from .lead import lead_field


class TeamEmail(Outbox):
    """An e-mail to the sales team: each recipient gets it in their own language, one
    e-mail per language; who has been sent theirs, so a retry after a partial failure
    sends only the rest."""

    delivered_to = models.JSONField(_("delivered to"), default=list, blank=True)

    class Meta:
        abstract = True


class LeadNotification(TeamEmail):
    """The outbox: sales are told about a lead until the mail server accepts it.

    Created in the lead's transaction, so a saved lead always has its notification; the
    worker (`send_lead_notifications`), woken at commit, sends it and retries with
    backoff (see leads.notifications).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")

    lead = lead_field("notification", field=models.OneToOneField)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        # Beside the channels' delivery log: this is the team's own e-mail.
        verbose_name = _("team e-mail")
        verbose_name_plural = _("team e-mails")
        ordering = ["next_attempt_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="lead_notification_due_idx",
            )
        ]

    def __str__(self):
        return _("Notification of lead #%(id)s") % {"id": self.lead_id}


class LeadDigest(TeamEmail):
    """The daily e-mail to sales: the day's new leads and the quarantined ones.

    One row per day, made by the `send_lead_notifications` worker when the digest
    falls due (AGENCY_LEADS_DIGEST_HOUR); it covers the leads received from the previous
    digest's `period_end` to its own. It holds no personal data, only when it was sent.
    """

    day = models.DateField(_("day"), unique=True)
    period_end = models.DateTimeField(_("covers leads until"))

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        ordering = ["-day"]

    def __str__(self):
        return _("Digest of %(day)s") % {"day": self.day}
