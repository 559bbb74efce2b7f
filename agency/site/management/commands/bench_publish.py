"""Save a piece of content every few seconds, as an editor publishing under load would
(used by scripts/bench.py's "publishing under load" row)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Save one bench article every --every seconds for --seconds; print the count."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=5.0)
        parser.add_argument("--seconds", type=float, default=30.0)

    def handle(self, *args, every, seconds, **options):
        from articles.models import Article

        article = Article.objects.published().filter(slug__startswith="bench-").first()
        saves = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() + every <= deadline:
            time.sleep(every)
            article.excerpt = f"Updated under load ({saves + 1})."
            with transaction.atomic():  # as the admin saves
                article.save()
            saves += 1
        self.stdout.write(str(saves))
