"""`manage.py demo_content`: the demo site of a fictional agency, in English and Chinese.

Every demo article, service, case study, solution and simple page exists in both
languages, linked as translations (the Chinese under /zh-hans/), except three pieces on
purpose, for trying how the site treats a piece in one language only:

- English only: the article "Entering China: a first-year digital plan for foreign
  brands" (articles.demo);
- Chinese only: the article "视频号怎么做：微信私域的新入口" (articles.demo) and the case
  study "连锁茶饮品牌的企业微信私域运营" (services.demo).
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module has a build() that creates its demo content idempotently.
DEMO_MODULES = [
    "agency.site.demo",
    "services.demo",
    "services.landing.demo",
    "articles.demo",
    "leads.demo",
]


class Command(BaseCommand):
    help = "Build the demo content of a fictional agency. Running it again changes nothing."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            with transaction.atomic():
                summary = import_module(module_name).build()
            if summary:
                self.stdout.write(f"{module_name}: {summary}")
        from agency.site.demo import link_menu_targets

        linked = link_menu_targets()
        if linked:
            self.stdout.write(f"menu: {linked} items now point at their pages")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
