"""PostgreSQL restarted under load: styled 503s during the outage, then recovery, with
no process restarted. Run on demand only (see docs/hardening.md):

    .venv/bin/python scripts/faults.py --yes-restart-postgres

It restarts the machine's PostgreSQL cluster (`pg_ctlcluster 15 main restart`), which
every other user of it notices: it refuses to run without that flag, and while any
pytest runs. It uses the soak's database and Redis db (scripts/soak.py) and checks:

- during the outage every answer is a page (200, 302) or the styled 503 ("We are back
  in a moment", with Retry-After), never another 5xx or a dropped connection;
- after the restart the site answers 200 again within RECOVERY_SECONDS, with the same
  gunicorn master and workers (nothing restarted);
- every enquiry answered with success is stored.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # noqa: E402 - scripts/_server.py
import soak  # noqa: E402 - the soak's server, database and client

RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
RECOVERY_SECONDS = 30
STYLED_503 = "We are back in a moment"


def other_pytest_running():
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True)
    return [
        line
        for line in ps.stdout.splitlines()
        if "pytest" in line and str(os.getpid()) not in line.split()[0]
    ]


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return sorted(int(p) for p in path.read_text().split())


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []  # (time, kind, status, styled)
        self.leads = 0


def load(log, slugs, stop, seed):
    from leads.spam import issue_token

    tally = soak.Tally()
    number = 0
    while not stop.is_set():
        number += 1
        for kind, path, data in (
            ("page", f"/articles/{slugs[number % len(slugs)]}/", None),
            ("page", "/contact/", None),
            ("page", f"/search/?q=soak{number}", None),
            (
                "contact",
                "/contact/",
                {
                    "name": f"Fault visitor {seed}-{number}",
                    "email": f"fault{seed}-{number}@example.com",
                    "message": "Sent while PostgreSQL restarts.",
                    "preferred_contact": "any",
                    "consent": "on",
                    "token": issue_token(issued_at=time.time() - 60),
                },
            ),
        ):
            status, head, body = soak.request(tally, kind, path, data)
            styled = status == 503 and STYLED_503 in body.decode(errors="replace")
            success = (
                kind == "contact"
                and status == 302
                and head["Location"].endswith("/contact/thanks/")
            )
            with log.lock:
                log.answers.append((time.monotonic(), kind, status, styled))
                log.leads += success
        time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--yes-restart-postgres", action="store_true")
    args = parser.parse_args()
    if not args.yes_restart_postgres:
        sys.exit("This restarts the machine's PostgreSQL: pass --yes-restart-postgres.")
    running = other_pytest_running()
    if running:
        sys.exit(
            "pytest is running here; not restarting PostgreSQL under it:\n"
            + "\n".join(running)
        )

    soak.ensure_database()
    soak.setup_django()
    soak.manage("migrate", "--noinput", "-v0")
    static_root = soak.collect_static("faults-static-")
    slugs = soak.ensure_content()
    from leads.models import Lead

    leads_before = Lead.objects.count()
    process = soak.start_server(static_root)
    workers_before = children(process.pid)
    log = Log()
    stop = threading.Event()
    threads = [
        threading.Thread(target=load, args=(log, slugs, stop, seed))
        for seed in range(4)
    ]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        outage_start = time.monotonic()
        subprocess.run(RESTART, check=True)
        outage_end = time.monotonic()
        time.sleep(RECOVERY_SECONDS / 3)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        workers_after = children(process.pid)
    finally:
        stop.set()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    from django.db import connection

    connection.close()
    leads_stored = Lead.objects.count() - leads_before
    problems = []
    counts = Counter()
    first_ok_after = None
    for at, kind, status, styled in log.answers:
        phase = (
            "before" if at < outage_start else "during" if at <= outage_end else "after"
        )
        counts[(phase, kind, status, styled)] += 1
        if status is None:
            problems.append(f"{phase}: {kind} connection failed")
        elif status >= 500 and not styled:
            problems.append(f"{phase}: {kind} answered {status} without the 503 page")
        if phase == "after" and status in (200, 302) and first_ok_after is None:
            first_ok_after = at - outage_end
    recovered = [
        status
        for at, kind, status, _ in log.answers
        if at > outage_end + RECOVERY_SECONDS / 6 and kind == "page"
    ]
    if not recovered or any(status != 200 for status in recovered):
        problems.append("the site did not recover: pages still fail after the restart")
    if workers_before != workers_after:
        problems.append(f"workers changed: {workers_before} -> {workers_after}")
    if leads_stored < log.leads:
        problems.append(f"{log.leads} enquiries accepted, {leads_stored} stored")

    print(f"PostgreSQL restart took {outage_end - outage_start:.1f} s")
    for (phase, kind, status, styled), number in sorted(
        counts.items(), key=lambda item: ("before", "during", "after").index(item[0][0])
    ):
        label = " (styled 503 page)" if styled else ""
        print(f"  {phase:6} {kind:7} {status}{label}: {number}")
    if first_ok_after is not None:
        print(f"  first success {first_ok_after:.2f} s after the restart returned")
    print(f"  workers {workers_before} before, {workers_after} after")
    print(f"  enquiries accepted {log.leads}, stored {leads_stored}")
    return _server.verdict(
        sorted(set(problems)),
        "OK: styled 503s only, recovered in-process, every accepted enquiry stored",
        most=30,
    )


if __name__ == "__main__":
    sys.exit(main())
