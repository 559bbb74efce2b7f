"""Serve the site as production does, on loopback: gunicorn with production settings.

Shared by scripts/bench.py, soak.py and faults.py and by the tests that start a real
server (tests/agency/test_two_servers.py, test_access_log.py,
tests/hardening/test_worker_kill.py), so they all start it one way.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

# Nothing listens on port 1: mail fails at once, as when the mail server is down.
NO_MAIL_SERVER = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "1"}
# A load test's settings: every request comes from 127.0.0.1, so the per-address limit
# would measure the 429 page; warnings only; the mail server is down.
LOAD_TEST = {
    "DJANGO_LOG_LEVEL": "WARNING",
    "AGENCY_LEADS_RATE_LIMIT_COUNT": "100000000",
    **NO_MAIL_SERVER,
}


class ServerDidNotStart(RuntimeError):
    pass


def production_env(*, secret_key, database_url, site_url, **extra):
    """The environment of agency.settings.production on plain HTTP over loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agency.settings.production",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "AGENCY_SITE_URL": site_url,
        # No TLS on loopback: no redirect to HTTPS, no secure-only cookies, no HSTS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        **extra,
    }


def manage(env, *args, **run):
    """Run a management command in the environment `env`; return its result."""
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **run
    )


def collect_static(env, static_root):
    """Production settings serve hashed static files: collect them into static_root."""
    manage(
        {**env, "DJANGO_STATIC_ROOT": str(static_root)},
        "collectstatic",
        "--noinput",
        "-v0",
    )


def ensure_database(database_url):
    """Create the PostgreSQL database the URL names unless it exists."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(database_url)
    conn = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_taken(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until_up(base, seconds=30, any_answer=False):
    """Return once base/healthz answers (with any_answer, once anything answers over
    HTTP, a 404 too); raise ServerDidNotStart after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (loopback)
            return
        except urllib.error.HTTPError:
            if any_answer:
                return
            time.sleep(0.1)
        except OSError:
            time.sleep(0.1)
    raise ServerDidNotStart(f"{base} did not answer within {seconds} s")


def start_gunicorn(
    port, env, *options, app="agency.wsgi:application", seconds=30, **popen
):
    """Start gunicorn serving `app` on 127.0.0.1:port with `options`; return it once
    it answers (on /healthz, or on any answer with another app).

    popen goes to subprocess.Popen (start_new_session, stdout, ...)."""
    process = subprocess.Popen(
        [GUNICORN, app, "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
        **popen,
    )
    try:
        wait_until_up(
            f"http://127.0.0.1:{port}",
            seconds,
            any_answer=not app.startswith("agency."),
        )
    except ServerDidNotStart:
        if popen.get("start_new_session"):
            os.killpg(process.pid, signal.SIGKILL)  # the workers too
        else:
            process.kill()
        process.wait(timeout=10)
        raise
    return process


def verdict(problems, ok, most):
    """Print the first `most` problems under FAILED, or `ok`; return the exit status."""
    if problems:
        print("FAILED:")
        for problem in problems[:most]:
            print("  " + problem)
        return 1
    print(ok)
    return 0
