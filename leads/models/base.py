"""What several of the CRM's records share: moments the system writes down, the
conditions a lead is matched by, the entries of the lists sales keep, and the retry
bookkeeping of a message waiting to be sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def moment_field(verbose_name=None, **options):
    """Return a moment the system writes down: empty until it happens, never typed in."""
    return models.DateTimeField(
        verbose_name, null=True, blank=True, editable=False, **options
    )


def lead_condition_field(verbose_name, **options):
    """Return a condition on leads: a list of a Lead field's values; empty: any lead."""
    return models.JSONField(verbose_name, default=list, blank=True, **options)


def lead_services_field(**options):
    """Return a condition on leads: the services they are about; none: any service."""
    return models.ManyToManyField(
        "services.Service",
        verbose_name=_("services"),
        blank=True,
        related_name="+",
        **options,
    )


class ListEntry(models.Model):
    """An entry of a list sales keep (lost reasons, assignment rules, channels, e-mail
    templates): known by its `name`, and switched off rather than deleted, so what
    already names it keeps it while it is no longer offered or used."""

    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Outbox(models.Model):
    """A message kept until it is sent: its tries, the last error, when to try again.

    The worker that sends it counts each try and backs off after a failure; `sent_at`
    is empty until a try succeeds.
    """

    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True
