import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from leads.notifications import notifications_send_due

logger = logging.getLogger("leads.notifications")


class Command(BaseCommand):
    help = (
        "Send the waiting sales notifications of new leads. Failed ones are retried "
        "with backoff (30 s doubling to 1 h) until the mail server accepts them. "
        "Run with --loop as a long-lived worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every INTERVAL."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Seconds between rounds with --loop (default 10).",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Try every waiting notification now, ignoring the backoff "
            "(for when the mail server is back).",
        )

    def handle(self, *args, **options):
        self.stopping = False
        if options["loop"]:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._stop)
        ignore_backoff = options["now"]
        while True:
            close_old_connections()
            try:
                sent, failed = notifications_send_due(ignore_backoff=ignore_backoff)
            except Exception:
                # The database may be away for a moment; a worker must outlive that.
                if not options["loop"]:
                    raise
                logger.exception("Lead notification round failed")
                sent = failed = 0
            ignore_backoff = False
            if sent or failed or not options["loop"]:
                self.stdout.write(f"Lead notifications: {sent} sent, {failed} failed.")
            if not options["loop"] or self.stopping:
                return
            # Sleep in short steps so a stop signal is honoured quickly.
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not self.stopping:
                time.sleep(min(0.5, options["interval"]))
            if self.stopping:
                return

    def _stop(self, signum, frame):
        self.stopping = True
