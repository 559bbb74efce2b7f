"""What changes a landing page's test: a visit counted, a winner chosen."""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import LandingVariant, LandingVisitor


def landing_visit_record(*, page, version, visitor):
    """Count `visitor` once for `page`, with the version shown ("0" or "": the
    original; a variant's id). Return whether this was their first visit."""
    variant = None
    if version and version != "0":
        variant = LandingVariant.objects.filter(page=page, pk=version).first()
        if variant is None:
            return False
    _visit, created = LandingVisitor.objects.get_or_create(
        page=page, visitor=visitor, defaults={"variant": variant}
    )
    return created


@transaction.atomic
def landing_test_end(*, page, winner, user=None):
    """End the test on `page`: `winner` (a variant, or None for the original) becomes
    the page; every variant stops, its results kept. One revision records it."""
    now = timezone.now()
    with reversion.create_revision():
        if winner is not None:
            page.blocks = winner.blocks
            reversion.set_comment(
                gettext("Variant “%(name)s” won the test and became the page.")
                % {"name": winner.name}
            )
        else:
            reversion.set_comment(gettext("The original won the test."))
        if user is not None:
            reversion.set_user(user)
        page.save()
        page.variants.filter(ended_at__isnull=True).update(
            is_running=False, ended_at=now
        )
        if winner is not None:
            LandingVariant.objects.filter(pk=winner.pk).update(won=True)
