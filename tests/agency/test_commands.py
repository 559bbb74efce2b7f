"""The commands `make run` calls: demo content and the admin account."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agency.site.models import MenuItem, Page, SiteSettings

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(SiteSettings.objects.values()),
        list(Page.objects.order_by("pk").values()),
        list(MenuItem.objects.order_by("pk").values()),
    )


def test_ensure_admin_prints_a_password_that_works_and_only_once():
    output = run("ensure_admin")
    password = re.search(r"Created 'admin' \(superuser\) with password: (\S+)", output)
    assert password
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password.group(1))
    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert not editor.is_superuser
    again = run("ensure_admin")
    assert "password:" not in again
    assert "exists" in again
    admin.refresh_from_db()
    assert admin.check_password(password.group(1))


# The demo as `make run` builds it, built once a session (tests/support/demo.py); the
# ensure_admin test above runs before the module's demo is restored.
@pytest.mark.usefixtures("demo")
def test_demo_builds_the_reference_menu_and_pages():
    top = list(MenuItem.objects.filter(parent=None).values_list("label", flat=True))
    assert top == [
        "Home",
        "About",
        "H5 Development",
        "WeChat Development",
        "APP Development",
        "Website Development",
        "SEO Optimization",
        "Short Video",
        "Digital Marketing",
        "News",
        "Contact",
    ]
    wechat = MenuItem.objects.get(label="WeChat Development")
    assert list(wechat.children.values_list("label", flat=True)) == [
        "Mini Program",
        "Mini Program Mall",
    ]
    assert set(Page.objects.values_list("slug", flat=True)) >= {"about", "privacy"}
    assert SiteSettings.load().email.endswith("example.com")


@pytest.mark.usefixtures("demo")
def test_demo_twice_changes_nothing():
    first = snapshot()
    run("demo_content")
    assert snapshot() == first
