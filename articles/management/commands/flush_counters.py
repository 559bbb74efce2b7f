import logging
import time

from django.core.management.base import BaseCommand

from articles.counters import flush_views

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Move the view counts buffered in Redis to the database (exactly once)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep flushing.")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between flushes."
        )

    def handle(self, *args, **options):
        while True:
            try:
                applied = flush_views()
            except Exception:
                # Redis or the database away for a moment: the batches wait in Redis.
                if not options["loop"]:
                    raise
                logger.exception("Flushing view counts failed; trying again")
                applied = 0
            if options["verbosity"] > 1 or (applied and not options["loop"]):
                self.stdout.write(f"{applied} views moved to the database")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
