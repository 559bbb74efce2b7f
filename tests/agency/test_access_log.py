"""The server's logs keep no query strings: an admin search or export for someone's
e-mail leaves the e-mail in no log (gunicorn as scripts/serve.sh starts it)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import LeadFactory

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "private.person@log-probe.example"

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_sh_starts_gunicorn_with_the_logging_config():
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert "-c scripts/gunicorn.conf.py" in serve
    assert "--access-logfile" not in serve  # the config file says where and how


def test_admin_search_and_export_leave_no_e_mail_in_the_logs(admin_user, tmp_path):
    LeadFactory(name="Private Person", email=EMAIL)
    staff = Client()
    staff.force_login(admin_user)
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value
    db = connection.settings_dict
    port = free_port()
    access_log = tmp_path / "access.log"
    output = tmp_path / "output.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agency.settings.test",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
    }
    with output.open("w") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "agency.wsgi:application",
                "-c",
                "scripts/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                str(access_log),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 (loopback)
                    break
                except OSError:
                    time.sleep(0.1)
            query = urlencode({"q": EMAIL})
            for path in ("/admin/leads/lead/", "/admin/leads/lead/export/"):
                request = urllib.request.Request(  # noqa: S310 (loopback)
                    f"{base}{path}?{query}",
                    headers={
                        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
                        "Referer": f"{base}/admin/leads/lead/?{query}",
                    },
                )
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    assert response.status == 200
                    assert EMAIL in response.read().decode()
        finally:
            server.terminate()
            server.wait(timeout=10)
    logged = access_log.read_text()
    assert "/admin/leads/lead/export/" in logged  # the requests are there...
    everything = logged + output.read_text()
    for secret in (EMAIL, "private.person", "log-probe", "q="):  # ...their query is not
        assert secret not in everything
