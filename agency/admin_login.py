"""Admin sign-in that locks out after repeated failures, per user name and per IP."""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .http import client_ip


def _key(kind, value):
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"agency:login-failures:{kind}:{digest}"


class LockoutAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed sign-ins. For your security, signing in is blocked for "
            "%(minutes)s minutes. Ask an administrator if you have lost your password."
        ),
    }

    def _keys(self):
        username = self.data.get("username", "")
        keys = [
            (
                _key("ip", client_ip(self.request)),
                settings.AGENCY_LOGIN_MAX_FAILURES_PER_IP,
            )
        ]
        if username:
            keys.append(
                (_key("user", username), settings.AGENCY_LOGIN_MAX_FAILURES_PER_USER)
            )
        return keys

    def clean(self):
        keys = self._keys()
        if any((cache.get(key) or 0) >= limit for key, limit in keys):
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.AGENCY_LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            for key, _limit in keys:
                cache.add(key, 0, settings.AGENCY_LOGIN_LOCKOUT_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, settings.AGENCY_LOGIN_LOCKOUT_SECONDS)
            raise
