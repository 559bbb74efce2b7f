"""A salesperson's own settings: when they are away, how chat platforms name them, and
when their daily digest comes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.models import optional_foreign_key, profile_user_field


def chat_identity_field(verbose_name, max_length, **options):
    """Return how one chat platform names the person, for its @mentions: optional."""
    return models.CharField(verbose_name, max_length=max_length, blank=True, **options)


class SalesProfile(models.Model):
    """One salesperson's availability, chat identities and digest.

    A user without a row is available, has no chat identity (messages name them
    without an @mention) and gets the digest by e-mail at the default hour.
    """

    user = profile_user_field("sales_profile")
    away_from = models.DateField(_("away from"), null=True, blank=True)
    away_until = models.DateField(
        _("away until"),
        null=True,
        blank=True,
        help_text=_("Last day away, included. Assignment rules skip them meanwhile."),
    )
    mobile = chat_identity_field(
        _("mobile number"),
        20,
        help_text=_("WeCom and DingTalk robots @mention a person by it."),
    )
    wecom_userid = chat_identity_field(_("WeCom user ID"), 64)
    dingtalk_userid = chat_identity_field(_("DingTalk user ID"), 64)
    feishu_user_id = chat_identity_field(
        _("Feishu user ID"),
        64,
        help_text=_("The open_id or user_id the Feishu bot @mentions."),
    )
    slack_member_id = chat_identity_field(_("Slack member ID"), 32)
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest at"),
        default=9,
        help_text=_("Hour of the morning, in the site's time zone."),
    )
    digest_channel = optional_foreign_key(
        "leads.NotificationChannel",
        _("digest by"),
        related_name="+",
        help_text=_("A chat channel for the daily digest; empty: by e-mail."),
    )
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sales profile")
        verbose_name_plural = _("sales profiles")

    def __str__(self):
        return str(self.user)

    def is_away(self, day=None) -> bool:
        day = day or timezone.localdate()
        if self.away_from is None and self.away_until is None:
            return False
        starts = self.away_from or day
        ends = self.away_until or day
        return starts <= day <= ends
