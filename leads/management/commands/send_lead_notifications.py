import contextlib
import logging
import select
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from leads.notifications import CHANNEL, digest_send_due, notifications_send_due

logger = logging.getLogger("leads.notifications")


class Command(BaseCommand):
    help = (
        "Send the waiting sales notifications of new leads. Failed ones are retried "
        "with backoff (30 s doubling to 1 h) until the mail server accepts them. "
        "Run with --loop as a long-lived worker; on PostgreSQL it wakes the moment a "
        "lead is saved (LISTEN/NOTIFY), else every INTERVAL. Each round also sends "
        "the daily digest of new and quarantined leads once it is due."
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
        self.listener = None
        if options["loop"]:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._stop)
        ignore_backoff = options["now"]
        try:
            while True:
                close_old_connections()
                if options["loop"]:
                    # Listening before the round: a lead saved during it wakes the next.
                    self.listen()
                try:
                    sent, failed = notifications_send_due(ignore_backoff=ignore_backoff)
                except Exception:
                    # The database may be away for a moment; a worker must outlive it.
                    if not options["loop"]:
                        raise
                    logger.exception("Lead notification round failed")
                    sent = failed = 0
                ignore_backoff = False
                try:
                    if digest_send_due():
                        self.stdout.write("Lead digest sent.")
                except Exception:
                    if not options["loop"]:
                        raise
                    logger.exception("Lead digest round failed")
                if sent or failed or not options["loop"]:
                    self.stdout.write(
                        f"Lead notifications: {sent} sent, {failed} failed."
                    )
                if not options["loop"] or self.stopping:
                    return
                self.wait(options["interval"])
                if self.stopping:
                    return
        finally:
            self.close_listener()

    def wait(self, interval):
        """Until a lead is saved (a NOTIFY), INTERVAL passes or a stop signal comes."""
        deadline = time.monotonic() + interval
        while not self.stopping:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            # Short steps, so a stop signal is honoured quickly.
            step = min(0.5, left)
            listener = self.listen()
            if listener is None:
                time.sleep(step)
                continue
            try:
                if select.select([listener], [], [], step)[0]:
                    listener.poll()
                    if listener.notifies:
                        listener.notifies.clear()
                        return
            except Exception as error:  # the connection broke: poll until it is back
                logger.warning("Lead notification listener lost: %s", error)
                self.close_listener()

    def listen(self):
        """A connection of its own that LISTENs on the channel (PostgreSQL only)."""
        if connection.vendor != "postgresql":
            return None
        if self.listener is None:
            try:
                listener = connection.get_new_connection(
                    connection.get_connection_params()
                )
                listener.autocommit = True
                with listener.cursor() as cursor:
                    cursor.execute(f"LISTEN {CHANNEL}")
            except Exception as error:
                logger.warning("Lead notification listener unavailable: %s", error)
                return None
            self.listener = listener
        return self.listener

    def close_listener(self):
        if self.listener is not None:
            # Already broken is as good as closed.
            with contextlib.suppress(Exception):
                self.listener.close()
            self.listener = None

    def _stop(self, signum, frame):
        self.stopping = True
