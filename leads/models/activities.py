"""Activities: the calls, e-mails, meetings and to-dos planned on a lead."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models import user_field

from .lead import lead_field


class ActivityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def due_today(self, now=None):
        now = timezone.localtime(now)
        end = now.replace(hour=23, minute=59, second=59, microsecond=999999)
        return self.open().filter(due_at__gte=now, due_at__lte=end)


class Activity(models.Model):
    """Something a salesperson plans to do about a lead, and then did.

    Done, it records its outcome; a call or meeting that reached the person (or an
    e-mail they answered) counts as the lead's first contact.
    """

    class Kind(models.TextChoices):
        CALL = "call", pgettext_lazy("activity", "Call")
        EMAIL = "email", pgettext_lazy("activity", "E-mail")  # 邮件, not 邮箱
        MEETING = "meeting", _("Meeting")
        TODO = "todo", _("To-do")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached them")
        NO_ANSWER = "no_answer", _("No answer")
        LEFT_MESSAGE = "message", _("Left a message")
        DONE = "done", _("Done")

    lead = lead_field("planned")
    kind = models.CharField(
        _("activity"), max_length=10, choices=Kind.choices, default=Kind.CALL
    )
    due_at = models.DateTimeField(_("due"))
    assignee = user_field(_("assigned to"), related_name="lead_activities")
    note = models.TextField(_("note"), blank=True)
    created_by = user_field(_("planned by"))
    created_at = models.DateTimeField(_("planned"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    outcome_note = models.TextField(_("what came of it"), blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(
                fields=["assignee", "due_at"],
                condition=Q(done_at__isnull=True),
                name="activity_open_idx",
            ),
            models.Index(fields=["lead", "due_at"], name="activity_lead_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localtime(self.due_at):%Y-%m-%d %H:%M})"

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_at < timezone.now()
