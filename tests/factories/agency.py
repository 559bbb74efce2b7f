import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from agency.core.roles import EDITORS, SALES
from agency.site.models import MenuItem, Page

__all__ = [
    "UserFactory",
    "StaffFactory",
    "EditorFactory",
    "SalesFactory",
    "PageFactory",
    "MenuItemFactory",
]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


def _with_group(name):
    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add_group)


class EditorFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    role = _with_group(EDITORS)


class SalesFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"sales{n}")
    role = _with_group(SALES)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Body</p>"


class MenuItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenuItem

    label = factory.Sequence(lambda n: f"Item {n}")
    order = factory.Sequence(lambda n: n)
    url = factory.Sequence(lambda n: f"/item-{n}/")
