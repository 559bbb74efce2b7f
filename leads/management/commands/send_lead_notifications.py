from django.core.management.base import BaseCommand

from leads.notifications import digest_send_due, notifications_send_due


class Command(BaseCommand):
    help = (
        "Send the waiting sales notifications of new leads, and the daily digest if it "
        "is due, now. The worker (`manage.py run_huey`) does this by itself each "
        "minute; use --now after fixing the mail server to skip the backoff."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Try every waiting notification now, ignoring the backoff "
            "(for when the mail server is back).",
        )

    def handle(self, *args, **options):
        sent, failed = notifications_send_due(ignore_backoff=options["now"])
        if digest_send_due():
            self.stdout.write("Lead digest sent.")
        self.stdout.write(f"Lead notifications: {sent} sent, {failed} failed.")
