from django.core.management.base import BaseCommand
from django.db import connection

from articles.models import Article
from articles.search import reindex


class Command(BaseCommand):
    help = (
        "Make every article's search document again (PostgreSQL): after the site's "
        "dictionary of Chinese terms (agency/core/search_words.txt) changed."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: only PostgreSQL keeps search documents.")
            return
        done = reindex(Article._base_manager.all())
        self.stdout.write(f"{done} articles indexed again.")
