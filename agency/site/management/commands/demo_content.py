from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module has a build() that creates its demo content idempotently.
DEMO_MODULES = ["agency.site.demo", "services.demo", "articles.demo", "leads.demo"]


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
