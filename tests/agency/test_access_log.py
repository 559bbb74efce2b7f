"""The server's logs keep no query strings: an admin search or export for someone's
e-mail leaves the e-mail in no log (gunicorn as scripts/serve.sh starts it)."""

import os
import subprocess
import urllib.request
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from scripts._server import ROOT, free_port, start_gunicorn
from tests.factories import LeadFactory
from tests.support.processes import database_url

EMAIL = "private.person@log-probe.example"

pytestmark = pytest.mark.django_db(transaction=True)


def test_serve_sh_starts_gunicorn_with_the_logging_config():
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert "-c scripts/gunicorn.conf.py" in serve
    assert "--access-logfile" not in serve  # the config file says where and how


def test_admin_search_and_export_leave_no_e_mail_in_the_logs(admin_user, tmp_path):
    LeadFactory(name="Private Person", email=EMAIL)
    staff = Client()
    staff.force_login(admin_user)
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value
    access_log = tmp_path / "access.log"
    output = tmp_path / "output.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agency.settings.test",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url(),
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with output.open("w") as out:
        server = start_gunicorn(
            port,
            env,
            "-c",
            "scripts/gunicorn.conf.py",
            "--workers",
            "1",
            "--access-logfile",
            str(access_log),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
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
