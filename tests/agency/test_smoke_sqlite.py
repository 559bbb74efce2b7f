"""The `make run` path on a fresh SQLite database keeps working (the suite is on PostgreSQL)."""

import sys

from tests.support.processes import run

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from agency.site.models import MenuItem
call_command("migrate", verbosity=0, interactive=False)
call_command("demo_content", verbosity=0)
first = MenuItem.objects.count()
call_command("demo_content", verbosity=0)
assert MenuItem.objects.count() == first, "demo content is not idempotent"
call_command("ensure_admin")
response = Client().get("/", HTTP_HOST="127.0.0.1")
assert response.status_code == 200, response.status_code
html = response.content.decode()
assert "Bluepeak Digital" in html and "WeChat Development" in html
print("SMOKE OK")
"""


def test_make_run_path_on_fresh_sqlite(tmp_path):
    result = run(
        [sys.executable, "-c", SCRIPT],
        env={
            "DJANGO_SETTINGS_MODULE": "agency.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        drop=("DJANGO_", "DATABASE_URL", "REDIS_URL"),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SMOKE OK" in result.stdout
    assert "with password:" in result.stdout
