"""The staff roles: Editors manage the content, Sales work the leads."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
SALES = "Sales"

# Each role gets every permission (add, change, delete, view) of exactly these apps.
ROLE_APPS = {
    EDITORS: ("agency", "articles", "services", "taggit"),
    SALES: ("leads",),
}


def sync_roles(verbosity=0):
    """Create the groups and give each exactly its apps' permissions."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, app_labels in ROLE_APPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=app_labels)
        )
        if verbosity:
            print(f"Role {name}: {group.permissions.count()} permissions")


def sync_roles_after_migrate(sender, using="default", **kwargs):
    if using == "default":
        sync_roles()
