"""The person behind the leads, found again by normalised e-mail or phone."""

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import moment_field


def normalise_email(value):
    return (value or "").strip().lower()


def normalise_phone(value):
    """Return the phone as '+' and digits (international) or digits only."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return f"+{digits}"
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    return digits


# Calling codes of one or two digits (ITU E.164); every other code has three.
_SHORT_CALLING_CODES = {"1", "7"} | {
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44",
    "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58",
    "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91",
    "92", "93", "94", "95", "98",
}  # fmt: skip


def phone_country_code(value):
    """The calling code of a phone number ("86", "1", "44"), or "" if unknown.

    A number written without a code that looks like a Chinese mobile (11 digits from
    1) is taken as China's, the agency's home.
    """
    number = normalise_phone(value)
    if number.startswith("+"):
        digits = number[1:]
        for length in (1, 2, 3):
            if digits[:length] in _SHORT_CALLING_CODES or length == 3:
                return digits[:length] if len(digits) > length else ""
    if len(number) == 11 and number.startswith("1"):
        return "86"
    return ""


class Contact(models.Model):
    """A person who sent one or more leads, matched by normalised e-mail or phone."""

    # A person's name (姓名), not a thing's (名称), which shares the word in English.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=120, blank=True)
    company = models.CharField(_("company"), max_length=160, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email_normalised = models.CharField(max_length=254, blank=True, editable=False)
    phone_normalised = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = moment_field(_("personal data erased"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-created_at"]
        constraints = [
            # One contact per address and per phone: concurrent leads from the same
            # person meet here, and the loser of the race links to the winner.
            models.UniqueConstraint(
                fields=["email_normalised"],
                condition=~Q(email_normalised=""),
                name="leads_contact_unique_email",
            ),
            models.UniqueConstraint(
                fields=["phone_normalised"],
                condition=~Q(phone_normalised=""),
                name="leads_contact_unique_phone",
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone or str(_("(erased)"))

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        self.email_normalised = self.email
        self.phone_normalised = normalise_phone(self.phone)
        super().save(*args, **kwargs)
