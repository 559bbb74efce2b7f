import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, built once per module and rolled back after it.

    Each test runs in a savepoint inside this outer transaction (pytest-django's own), so
    what one test changes is gone for the next, and nothing is left in the database.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    media.enable()
    atomic = transaction.atomic()
    atomic._from_testcase = True  # the test's own, as TestCase marks its class-wide one
    with django_db_blocker.unblock():
        atomic.__enter__()
        call_command("demo_content", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Tests on the demo content see its files; the others get their own folder."""
    if "demo" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"
