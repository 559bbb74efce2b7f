import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leads.erasure import leads_apply_retention
from leads.models import Lead


class Command(BaseCommand):
    help = (
        "Anonymise (or delete) the leads older than AGENCY_LEADS_RETENTION_DAYS. "
        "The worker (`manage.py run_huey`) runs it daily; this runs it now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.AGENCY_LEADS_RETENTION_DAYS,
            help="Keep leads this many days (default: AGENCY_LEADS_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--mode",
            choices=["anonymise", "delete"],
            default=settings.AGENCY_LEADS_RETENTION_MODE,
            help="anonymise keeps the counts for the dashboard; delete removes the rows.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many leads are due."
        )

    def handle(self, *args, **options):
        days, mode = options["days"], options["mode"]
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if options["dry_run"]:
            cutoff = timezone.now() - datetime.timedelta(days=days)
            due = Lead.objects.filter(created_at__lt=cutoff)
            if mode == "anonymise":
                due = due.filter(erased_at__isnull=True)
            self.stdout.write(
                f"{due.count()} leads older than {days} days would be {mode}d."
            )
            return
        count = leads_apply_retention(days=days, mode=mode)
        self.stdout.write(
            self.style.SUCCESS(f"{count} leads older than {days} days {mode}d.")
        )
