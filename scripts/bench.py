"""`make bench`: build a large data set, serve it production-style, measure it with wrk.

Every figure is also given as a ratio to a minimal Django view served by the same server in
the same run, since this machine is shared and noisy. Writes docs/benchmarks.md.

Environment: SCALE (1 = 10k articles and 100k leads; 10 = 100k and 1M), BENCH_SECONDS
(per scenario, default 8), BENCH_CONNECTIONS (default 16), BENCH_DATABASE_URL, REDIS_URL.
"""

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import _server  # scripts/_server.py, beside this file

ROOT = _server.ROOT
PYTHON = _server.PYTHON
PORT = int(os.environ.get("BENCH_PORT", 18765))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", 8))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
SCALE = int(os.environ.get("SCALE", 1))
# A database and a Redis db per scale: each keeps its data set for the next run.
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/agency_bench"
    + ("" if SCALE == 1 else str(SCALE)),
)
REDIS_URL = os.environ.get(
    "REDIS_URL", f"redis://127.0.0.1:6379/{5 if SCALE == 1 else 6}"
)


def env():
    return _server.production_env(
        secret_key="bench-" + "x" * 60,
        database_url=DATABASE_URL,
        site_url=BASE,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=REDIS_URL,
        AGENCY_BENCH="1",
        **_server.LOAD_TEST,
    )


def manage(*args, capture=False):
    result = _server.manage(env(), *args, text=True, capture_output=capture)
    return result.stdout if capture else None


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return
    sys.exit("wrk is needed: install Debian's package (sudo apt-get install wrk).")


def start_server():
    if _server.port_taken(PORT):
        sys.exit(f"Port {PORT} is taken: stop what runs there or set BENCH_PORT.")
    workers = os.cpu_count() or 2
    try:
        process = _server.start_gunicorn(
            PORT,
            env(),
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            seconds=20,
            start_new_session=True,
        )
    except _server.ServerDidNotStart as error:
        sys.exit(f"The server did not start: {error}")
    return process, workers


def start_worker():
    """The background worker, as production runs it beside the web server: it takes
    the task each enquiry of the contact row queues and tries the (down) mail server."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_huey"],
        cwd=ROOT,
        env=env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


LATENCY = re.compile(r"^\s+(50|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)", re.MULTILINE)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# wrk prints 50/75/90/99 with --latency; this adds p95 (in microseconds).
PERCENTILES_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95US %d\\n", latency:percentile(95)))
end
"""


def wrk(path, headers=(), script=None, connections=CONNECTIONS):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    lua = Path(tempfile.gettempdir()) / "agency-bench-run.lua"
    lua.write_text((Path(script).read_text() if script else "") + PERCENTILES_LUA)
    command += ["-s", str(lua), BASE + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: to_ms(v, u) for p, v, u in LATENCY.findall(output)}
    latency["95"] = int(re.search(r"P95US (\d+)", output).group(1)) / 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p90": latency.get("90"),
        "p95": latency.get("95"),
        "p99": latency.get("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main():
    ensure_wrk()
    _server.ensure_database(DATABASE_URL)
    print(f"Building the data set (SCALE={SCALE})...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("bench_data", f"--scale={SCALE}")
    plan = json.loads(manage("bench_plan", capture=True))
    process, workers = start_server()
    worker = start_worker()
    try:
        for scenario in plan["scenarios"]:  # warm every page and cache once
            wrk_warm(scenario)
        # The baseline is measured at the start, in the middle and at the end of the
        # run, and ratios use the median: a shared machine's speed drifts within a run.
        baseline, *scenarios = plan["scenarios"]
        baselines, rows = [measure(baseline)], []
        for index, scenario in enumerate(scenarios):
            if index == len(scenarios) // 2:
                baselines.append(measure(baseline))
            rows.append(measure(scenario))
        baselines.append(measure(baseline))
        reference = sorted(baselines, key=lambda row: row["rps"])[1]
        reference["name"] = (
            "baseline (median of "
            + ", ".join(f"{row['rps']:.0f}" for row in baselines)
            + " req/s)"
        )
        rows.insert(0, reference)
        for row in rows:
            row["ratio"] = row["rps"] / reference["rps"]
            print(
                f"{row['name']:<44} {row['rps']:>7.1f} req/s  "
                f"p50 {row['p50']:.1f} ms  p95 {row['p95']:.1f} ms  "
                f"p99 {row['p99']:.1f} ms  "
                f"x{row['ratio']:.3f}  {' '.join(describe_target(row))}",
                flush=True,
            )
    finally:
        stop_server(process)
        stop_server(worker)
    write_report(rows, plan, workers)


def measure(scenario):
    # The previous row's last requests may still be queued (a closed-loop load leaves up
    # to one per connection): let them drain, then warm this row, so none of its
    # latencies is another row's.
    time.sleep(1)
    wrk_warm(scenario)
    result = wrk(
        scenario["path"],
        scenario.get("headers", ()),
        scenario.get("script"),
        scenario.get("connections", CONNECTIONS),
    )
    print(f"  measured {scenario['name']}: {result['rps']:.0f} req/s", flush=True)
    return {**result, **scenario}


def wrk_warm(scenario):
    subprocess.run(
        [
            "wrk",
            "-t1",
            "-c2",
            "-d1s",
            *sum((["-H", h] for h in scenario.get("headers", ())), []),
            BASE + scenario["path"],
        ],
        capture_output=True,
        check=False,
    )


def describe_target(row):
    """Return (the row's target in words, "yes"/"no"/""): is it met in this run?"""
    target = row.get("target") or {}
    words, met = [], []
    if "ratio" in target:
        words.append(f">= {target['ratio']}x")
        met.append(row["ratio"] >= target["ratio"])
    for percentile in ("p95", "p99"):
        if percentile in target:
            words.append(f"{percentile} < {target[percentile]} ms")
            met.append(row[percentile] < target[percentile])
    if not met:
        return "", ""
    return ", ".join(words), "yes" if all(met) else "no"


REPORT = ROOT / "docs" / "benchmarks.md"
SECTION = re.compile(r"^## SCALE=(\d+)\b.*?(?=^## SCALE=|\Z)", re.MULTILINE | re.DOTALL)


def write_report(rows, plan, workers):
    """Write this run's table into docs/benchmarks.md, keeping the latest run of each
    other SCALE (the search and leads targets are set at SCALE=10's sizes)."""
    section = [
        f"## SCALE={SCALE}: {plan['data']}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. Server: gunicorn, {workers} sync "
        "workers, production settings, the lead-notification worker, PostgreSQL and "
        f"Redis on the same machine. Load: wrk, {SECONDS} s per row, on the same machine "
        "(so it shares the cores with the server).",
        "",
        "| page | conn. | req/s | p50 ms | p95 ms | p99 ms | ratio | SQL queries | target "
        "| met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        target, met = describe_target(row)
        section.append(
            f"| {row['name']} | {row.get('connections', CONNECTIONS)} | {row['rps']:.0f} | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['p99']:.1f} | {row['ratio']:.3f} | {row.get('queries', '')} | "
            f"{target} | {met} |"
        )
    sections = {}
    if REPORT.exists():
        for match in SECTION.finditer(REPORT.read_text()):
            sections[int(match.group(1))] = match.group(0).rstrip("\n")
    sections[SCALE] = "\n".join(section)
    intro = [
        "# Benchmarks",
        "",
        "`make bench` (SCALE=1: 10k articles, 100k leads) and `SCALE=10 make bench` "
        "(100k articles, 1M leads) each write their section below; each section is that "
        "scale's latest run.",
        "",
        "The ratio is each row's requests per second over the baseline's (a minimal Django "
        "view on the same server, measured at the start, in the middle and at the end of "
        "the same run; the median of the three): ratios are what compare across runs. "
        "Rows with a latency target run with one connection per worker, so they measure "
        f'the request, not a queue; the others run with {CONNECTIONS}. "Page cache '
        'off" rows send a session cookie, which the page cache never serves (as for a '
        "signed-in user): the view runs and the page is built from its kept fragments "
        '(agency/core/fragments.py); in the "another each time" row every request asks for a '
        "different article, so its own fragments are cold and only the shared ones "
        "(header, sidebar, footer) are warm. SQL queries: what the view runs with the "
        "page cache off and its fragments warm (cold for that row); a page-cache hit "
        "runs none.",
    ]
    body = "\n\n".join(sections[scale] for scale in sorted(sections))
    REPORT.write_text("\n".join(intro) + "\n\n" + body + "\n")
    print(f"Wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
