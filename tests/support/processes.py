"""Run the project in another process: a fresh interpreter, or gunicorn as production
runs it (scripts/_server.py), on the test run's own database."""

import os
import subprocess

from django.db import connection

from scripts._server import ROOT


def environ_without(drop, **env):
    """This process's environment without the names starting with one of `drop`
    (what must not leak into the settings under test), plus `env`."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(drop)},
        **env,
    }


def run(command, *, env, drop, timeout):
    """Run `command` in the project folder, in environ_without(drop, **env)."""
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environ_without(drop, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def database_url():
    """The URL of the database this test run uses, for a server in another process."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
