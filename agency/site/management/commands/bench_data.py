"""Build the benchmark's large data set: many articles with tags and views, many leads."""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

WORDS = [
    "mini",
    "program",
    "wechat",
    "official",
    "account",
    "app",
    "website",
    "seo",
    "marketing",
    "campaign",
    "brand",
    "retail",
    "store",
    "membership",
    "payment",
    "loyalty",
    "analytics",
    "content",
    "video",
    "douyin",
    "xiaohongshu",
    "baidu",
    "search",
    "design",
    "engineering",
    "launch",
    "growth",
    "conversion",
    "customer",
    "checkout",
    "delivery",
    "booking",
    "clinic",
    "school",
    "restaurant",
    "fashion",
    "travel",
    "logistics",
]
BATCH = 5000


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


class Command(BaseCommand):
    help = "Build the large data set `make bench` measures (10k articles, 100k leads x SCALE)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)

    def handle(self, *args, **options):
        scale = options["scale"]
        call_command("demo_content", verbosity=0)
        rng = random.Random(2026)  # noqa: S311 - benchmark data, not secrets
        self.articles(10_000 * scale, rng)
        self.leads(100_000 * scale, rng)
        if connection.vendor == "postgresql":
            # What autovacuum gives a live database: statistics, and the visibility map
            # that lets counts read only an index. Freshly bulk-loaded tables have
            # neither until it comes round.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    def articles(self, target, rng):
        from taggit.models import Tag

        from articles.models import (
            Article,
            ArticleDailyView,
            Category,
            TaggedArticle,
        )
        from articles.models.article import search_vector

        existing = Article.objects.filter(slug__startswith="bench-").count()
        if existing >= target:
            self.stdout.write(f"articles: {existing} bench articles already there")
            return
        categories = list(Category.objects.all())
        authors = list(get_user_model().objects.filter(is_staff=True))
        tags = list(Tag.objects.all())
        tags += [
            Tag.objects.get_or_create(name=f"topic {n}", slug=f"topic-{n}")[0]
            for n in range(max(0, 60 - len(tags)))
        ]
        now = timezone.now()
        body = "".join(f"<p>{sentence(rng, 60)}.</p>" for _ in range(8))
        for start in range(existing, target, BATCH):
            with transaction.atomic():
                batch = []
                for i in range(start, min(start + BATCH, target)):
                    title = f"{sentence(rng, 7)} {i}"
                    batch.append(
                        Article(
                            title=title,
                            slug=f"bench-{i}-{slugify(title)[:60]}",
                            author=rng.choice(authors),
                            category=rng.choice(categories),
                            excerpt=sentence(rng, 30) + ".",
                            body=body,
                            status=Article.Status.PUBLISHED,
                            published_at=now - timedelta(minutes=i * 7 + 60),
                            view_count=rng.randint(0, 5000),
                            like_count=rng.randint(0, 200),
                        )
                    )
                created = Article.objects.bulk_create(batch)
                TaggedArticle.objects.bulk_create(
                    TaggedArticle(content_object=article, tag=tag)
                    for article in created
                    for tag in rng.sample(tags, 4)
                )
                today = timezone.localdate()
                ArticleDailyView.objects.bulk_create(
                    ArticleDailyView(
                        article=article,
                        day=today - timedelta(days=rng.randint(0, 29)),
                        views=rng.randint(1, 300),
                    )
                    for article in created[:: max(1, len(created) // 500)]
                )
            self.stdout.write(f"articles: {min(start + BATCH, target)}/{target}")
        if connection.vendor == "postgresql":
            Article.objects.filter(search_document__isnull=True).update(
                search_document=search_vector()
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def leads(self, target, rng):
        from leads.models import Lead, LostReason
        from services.models import Service

        bench = Lead.objects.filter(email__endswith="@bench.example.com")
        # Leads that arrived long ago were assigned and announced then (as migration
        # 0008 stamped a site's existing leads): without the stamp the worker's
        # arrivals sweep would dispatch 500 a minute through the whole run, a load no
        # real site carries, and every row would measure it too.
        bench.filter(dispatched_at__isnull=True, is_spam=False).update(
            dispatched_at=F("created_at")
        )
        existing = bench.count()
        if existing >= target:
            self.stdout.write(f"leads: {existing} bench leads already there")
            return
        services = list(Service.objects.all())
        sales = list(get_user_model().objects.filter(groups__name="Sales"))
        statuses = [value for value, _label in Lead.Status.choices]
        lost_reason = LostReason.objects.order_by(
            "pk"
        ).first() or LostReason.objects.create(name="Price")
        sources = [value for value, _label in Lead.Source.choices]
        now = timezone.now()
        for start in range(existing, target, BATCH):
            Lead.objects.bulk_create(
                Lead(
                    name=f"Visitor {i}",
                    company=f"Company {i % 997}",
                    email=f"visitor{i}@bench.example.com",
                    phone=f"+86 139 {i:08d}",
                    service=rng.choice(services),
                    message=sentence(rng, 25),
                    source=rng.choice(sources),
                    status=(status := rng.choice(statuses)),
                    lost_reason=lost_reason if status == Lead.Status.LOST else None,
                    owner=rng.choice(sales) if sales and i % 3 else None,
                    is_spam=i % 20 == 0,
                    created_at=now - timedelta(minutes=i),
                    dispatched_at=now - timedelta(minutes=i),
                    submission_token=uuid.uuid4(),
                )
                for i in range(start, min(start + BATCH, target))
            )
            self.stdout.write(f"leads: {min(start + BATCH, target)}/{target}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
