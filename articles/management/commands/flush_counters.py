import time

from django.core.management.base import BaseCommand

from articles.counters import flush_views


class Command(BaseCommand):
    help = "Move the view counts buffered in Redis to the database (exactly once)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep flushing.")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between flushes."
        )

    def handle(self, *args, **options):
        while True:
            applied = flush_views()
            if options["verbosity"] > 1 or (applied and not options["loop"]):
                self.stdout.write(f"{applied} views moved to the database")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
