"""Facts about a request that several apps need."""

from django.conf import settings


def client_ip(request):
    """Return the visitor's address.

    Behind N proxies (AGENCY_PROXY_COUNT), the address is the Nth entry from the right of
    X-Forwarded-For: entries further left were written by the client and can be forged.
    With no proxy, REMOTE_ADDR is the only address to trust.
    """
    count = settings.AGENCY_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
