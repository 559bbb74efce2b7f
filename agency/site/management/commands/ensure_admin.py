import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from agency.core.roles import EDITORS, SALES

ACCOUNTS = [
    # user name, role, what it is for
    ("admin", None, "superuser"),
    ("editor", EDITORS, "writes content, never sees leads"),
    ("sales", SALES, "works the leads"),
]


class Command(BaseCommand):
    help = (
        "Create the admin account (and a demo editor and salesperson) the first time, "
        "printing their generated passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo-staff",
            action="store_true",
            help="Create the superuser only, not the demo editor and salesperson.",
        )

    def handle(self, *args, **options):
        User = get_user_model()
        accounts = ACCOUNTS[:1] if options["no_demo_staff"] else ACCOUNTS
        for username, role, purpose in accounts:
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"Account '{username}' exists; its password was printed when it was "
                    f"created (reset it with: manage.py changepassword {username})."
                )
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=password,
                is_staff=True,
                is_superuser=role is None,
            )
            if role:
                user.groups.add(Group.objects.get(name=role))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created '{username}' ({purpose}) with password: {password}"
                )
            )
