"""Spam rules. Each returns a reason; a lead with reasons is stored as spam, never dropped."""

import re
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db.models import F

from agency.core.ratelimit import address_key, rate_hit

from .models import BlockedDomain, BlockedPhrase

SIGNING_SALT = "leads.form-token"


LINK_OR_HTML = re.compile(
    r"<[^>]*>|https?://|www\.|\[url|\b[a-z0-9-]+\.(com|net|org|ru|info|biz|xyz|top|io|cn|site|online)\b",
    re.IGNORECASE,
)
URL_HOST = re.compile(r"(?:https?://|www\.)([a-z0-9.-]+)", re.IGNORECASE)


def issue_token(issued_at=None):
    """Return a signed form token: a fresh idempotency id and the time it was shown."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"id": uuid.uuid4().hex, "t": issued_at}, salt=SIGNING_SALT)


def read_token(value):
    """Return (uuid, issued timestamp) of a token, or (None, None) if it is not ours."""
    if not value:
        return None, None
    try:
        data = signing.loads(value, salt=SIGNING_SALT)
        return uuid.UUID(hex=data["id"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None


@dataclass(frozen=True)
class AddressCount:
    """What one address's enquiries in the current windows allow for the next one."""

    quarantine: bool  # past the limit: kept as spam, shown to sales as quarantined
    refused: bool  # past the hard ceiling: not stored at all
    retry_after: int


def enquiry_count(ip):
    """Count an enquiry against its address (agency.core.ratelimit, in the database)."""
    key = address_key(ip or "unknown")
    count = settings.AGENCY_LEADS_RATE_LIMIT_COUNT
    ceiling = rate_hit(
        scope="enquiries-ceiling",
        key=key,
        limit=max(settings.AGENCY_LEADS_CEILING_COUNT, count),
        period=settings.AGENCY_LEADS_CEILING_WINDOW,
    )
    if not ceiling.allowed:
        return AddressCount(
            quarantine=True, refused=True, retry_after=ceiling.retry_after
        )
    window = rate_hit(
        scope="enquiries",
        key=key,
        limit=count,
        period=settings.AGENCY_LEADS_RATE_LIMIT_WINDOW,
    )
    return AddressCount(
        quarantine=not window.allowed, refused=False, retry_after=window.retry_after
    )


def token_expired(issued_at):
    """Whether a form token is too old to be taken (AGENCY_LEADS_TOKEN_MAX_AGE)."""
    return (
        issued_at is not None
        and time.time() - issued_at > settings.AGENCY_LEADS_TOKEN_MAX_AGE
    )


def _domain_blocked(domain, blocked):
    domain = domain.lower().rstrip(".")
    return domain == blocked or domain.endswith(f".{blocked}")


@dataclass
class Verdict:
    reasons: list = field(default_factory=list)
    phrase_ids: list = field(default_factory=list)
    domain_ids: list = field(default_factory=list)

    @property
    def is_spam(self):
        return bool(self.reasons)

    def count_hits(self):
        """Count the blocklist entries that matched, atomically."""
        if self.phrase_ids:
            BlockedPhrase.objects.filter(pk__in=self.phrase_ids).update(
                hits=F("hits") + 1
            )
        if self.domain_ids:
            BlockedDomain.objects.filter(pk__in=self.domain_ids).update(
                hits=F("hits") + 1
            )


def check(*, name, company, email, message, honeypot, issued_at, over_rate_limit):
    """Return the Verdict on one enquiry."""
    verdict = Verdict()
    if honeypot:
        verdict.reasons.append("honeypot")
    if issued_at is None:
        verdict.reasons.append("no_token")
    elif time.time() - issued_at < settings.AGENCY_LEADS_MIN_FILL_SECONDS:
        verdict.reasons.append("too_fast")
    if over_rate_limit:
        verdict.reasons.append("rate_limit")
    if LINK_OR_HTML.search(name or ""):
        verdict.reasons.append("link_in_name")

    text = "\n".join([name or "", company or "", message or ""]).casefold()
    for pk, phrase in BlockedPhrase.objects.values_list("pk", "phrase"):
        if phrase and phrase.casefold() in text:
            verdict.phrase_ids.append(pk)
    if verdict.phrase_ids:
        verdict.reasons.append("phrase")

    domains = set()
    if email and "@" in email:
        domains.add(email.rsplit("@", 1)[1])
    domains.update(URL_HOST.findall(message or ""))
    if domains:
        for pk, blocked in BlockedDomain.objects.values_list("pk", "domain"):
            if any(_domain_blocked(domain, blocked) for domain in domains):
                verdict.domain_ids.append(pk)
    if verdict.domain_ids:
        verdict.reasons.append("domain")
    return verdict
