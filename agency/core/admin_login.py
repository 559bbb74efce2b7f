"""Admin sign-in: django-axes counts failed sign-ins in the database; this adapts it.

- The account, not its spelling: Django signs `admin `, ` admin` and full-width `ａｄｍｉｎ`
  in as one user (the form strips and NFKC-normalises), so the counter does the same.
- The account from one address, and the address alone (AXES_LOCKOUT_PARAMETERS), each
  with its own limit: a stranger's guesses never lock the owner out of their own address,
  and one address cannot try many accounts.
- One attempt at a time per address. Axes reads the count before the password is
  checked and writes it after (jazzband/django-axes#592, "won't fix"), so parallel
  guesses would all pass the check; a PostgreSQL advisory lock per address makes
  read, check and write one step.
- The count lives in PostgreSQL, not in the cache, so it holds when Redis is down or full.
"""

import ipaddress
import unicodedata
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from agency.core.http import client_ip
from agency.core.locks import one_at_a_time

# axes' AccessAttempt.username column.
USERNAME_MAX_LENGTH = 255
# The first key of the advisory locks taken here ("ax"), apart from anyone else's.
LOCK_SPACE = 0x6178


def normalise_username(value):
    """Return the one spelling of a user name that every spelling Django accepts maps to.

    The sign-in form strips and NFKC-normalises; case is folded too, so `Admin` and
    `admin` share a counter (stricter, never looser, than the account lookup).
    """
    value = unicodedata.normalize("NFKC", str(value).strip()).strip()
    return unicodedata.normalize("NFKC", value.casefold())[:USERNAME_MAX_LENGTH]


def axes_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the normalised name from the credentials or the form."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return None if value is None else normalise_username(value)


def axes_client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the project's client address (AGENCY_PROXY_COUNT rule).

    An IPv6 client counts as its /64, the block one subscriber holds, so rotating through
    its addresses is one source. Anything that is not an address counts as "no address",
    one source shared by all such requests.
    """
    try:
        address = ipaddress.ip_address(client_ip(request).strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def failure_limit(request, credentials=None):
    """AXES_FAILURE_LIMIT: failures of one account from one address."""
    return settings.AGENCY_LOGIN_MAX_FAILURES_PER_USER


def cool_off(request=None):
    """AXES_COOLOFF_TIME: how long a lockout lasts after the last counted failure."""
    return timedelta(seconds=settings.AGENCY_LOGIN_LOCKOUT_SECONDS)


def axes_lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in form with its message, as 429, never a bare page."""
    if original_response is None:
        return render(request, "403.html", status=429)
    original_response.status_code = 429
    return original_response


class AgencyAxesHandler(AxesDatabaseHandler):
    """Each lockout parameter set with its own limit.

    Axes sums the failures of each set (the account from this address; this address)
    and compares the largest with one limit, AXES_FAILURE_LIMIT (the per-account one).
    The address alone has a higher limit, AGENCY_LOGIN_MAX_FAILURES_PER_IP.
    """

    def get_failures(self, request, credentials=None):
        limit = failure_limit(request, credentials)
        failures = 0
        for parameters, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameters == "ip_address":
                if count >= settings.AGENCY_LOGIN_MAX_FAILURES_PER_IP:
                    count = max(count, limit)
                else:
                    count = 0
            failures = max(failures, count)
        return failures


def one_attempt_at_a_time(source):
    """Serialise sign-ins from one source until the transaction ends."""
    return one_at_a_time(LOCK_SPACE, source or "")


class LockoutAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed sign-ins. For your security, signing in is blocked for "
            "%(minutes)s minutes. Ask an administrator if you have lost your password."
        ),
    }

    def clean(self):
        # The failure is recorded by axes inside the transaction, so it must commit:
        # the refusal is raised once the block (and the lock) is left.
        with one_attempt_at_a_time(axes_client_ip(self.request)):
            try:
                return super().clean()
            except ValidationError as error:
                refused = error
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": -(-settings.AGENCY_LOGIN_LOCKOUT_SECONDS // 60)},
            )
        raise refused
