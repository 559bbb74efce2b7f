from django.core.management.base import BaseCommand

from articles.counters import flush_views


class Command(BaseCommand):
    help = (
        "Move the counted views waiting in the database to the articles, now (exactly "
        "once). The worker (`manage.py run_huey`) does it each minute by itself."
    )

    def handle(self, *args, **options):
        applied = flush_views()
        if options["verbosity"] > 1 or applied:
            self.stdout.write(f"{applied} views moved to the database")
