from django.core.management.base import BaseCommand

from agency.core.roles import sync_roles


class Command(BaseCommand):
    help = "Create the Editors and Sales groups with exactly their permissions."

    def handle(self, *args, **options):
        sync_roles(verbosity=options["verbosity"])
