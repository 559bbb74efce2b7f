"""Why an enquiry is kept as spam: the reason codes, and the blocklists sales keep."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Why an enquiry was kept as spam: the codes stored in Lead.spam_reasons.
SPAM_REASONS = {
    "honeypot": _("hidden field filled in"),
    "too_fast": _("sent too fast"),
    "no_token": _("form token missing or forged"),
    "rate_limit": _("too many enquiries from one address"),
    "link_in_name": _("link or HTML in the name"),
    "phrase": _("blocked phrase"),
    "domain": _("blocked domain"),
    "manual": _("marked by sales"),
}


def describe_spam_reasons(reasons):
    """Return the human words for a comma-separated list of reason codes."""
    return ", ".join(
        str(SPAM_REASONS.get(code, code)) for code in (reasons or "").split(",") if code
    )


def normalise_domain(value):
    """Return the domain as stored: lower case, no leading "@" nor trailing dot."""
    return value.strip().lower().lstrip("@").rstrip(".")


class SpamRule(models.Model):
    """What the spam rules share: the one value each matches by (its `value_field`,
    stored as `normalise` returns it), how often each caught an enquiry, and since
    when."""

    hits = models.PositiveIntegerField(_("hits"), default=0, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    value_field = None

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, self.value_field)

    def save(self, *args, **kwargs):
        value = getattr(self, self.value_field)
        setattr(self, self.value_field, self.normalise(value))
        super().save(*args, **kwargs)

    @staticmethod
    def normalise(value):
        return value.strip()


def rule_value_field(verbose_name, help_text):
    """Return the value a spam rule matches by: one rule per value."""
    return models.CharField(
        verbose_name, max_length=200, unique=True, help_text=help_text
    )


class BlockedPhrase(SpamRule):
    """Text that marks an enquiry as spam when its name, company or message contains it."""

    phrase = rule_value_field(
        _("phrase"),
        _("Matched anywhere in the name, company or message, ignoring case."),
    )
    value_field = "phrase"

    class Meta:
        verbose_name = _("blocked phrase")
        verbose_name_plural = _("blocked phrases")
        ordering = ["phrase"]


class BlockedDomain(SpamRule):
    """A domain whose e-mail addresses and links mark an enquiry as spam."""

    domain = rule_value_field(
        _("domain"),
        _("For example “spam.example”; its subdomains are blocked too."),
    )
    value_field = "domain"
    normalise = staticmethod(normalise_domain)

    class Meta:
        verbose_name = _("blocked domain")
        verbose_name_plural = _("blocked domains")
        ordering = ["domain"]

    def clean(self):
        super().clean()
        domain = normalise_domain(self.domain)
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
            raise ValidationError({"domain": _("Enter a domain such as spam.example.")})
        self.domain = domain
