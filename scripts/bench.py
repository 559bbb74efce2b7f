"""`make bench`: build a large data set, serve it production-style, measure it with wrk.

Every row is divided by two baselines outside the product, served by a plain Django
project (scripts/baseline/: startproject's settings and middleware) under the same
gunicorn settings and worker count as the product (scripts/gunicorn.conf.py, as
`make serve`):
- hello: Django's hello world;
- same bytes: a view that sends the row's own response body from memory.
Before each row both are measured again (alternated with the rows, since a shared
machine's speed drifts within a run); hello's ratio uses the median of all its runs,
same bytes' the median of its runs for that page. Writes docs/benchmarks.md.

Environment: SCALE (1 = 10k articles and 100k leads; 10 = 100k and 1M), BENCH_SECONDS
(per row, default 8), BENCH_CONNECTIONS (default 16), BENCH_DATABASE_URL, REDIS_URL;
BENCH_ROWS (words of row names, comma-separated: only those rows, and no report written,
for trying a change).
"""

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import _server  # scripts/_server.py, beside this file
import _wrk

ROOT = _server.ROOT
PYTHON = _server.PYTHON
PORT = int(os.environ.get("BENCH_PORT", 18765))
BASELINE_PORT = PORT + 1
BASE = f"http://127.0.0.1:{PORT}"
BASELINE = f"http://127.0.0.1:{BASELINE_PORT}"
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
PUBLISH_EVERY = 5  # seconds between saves in the "publishing under load" row
PUBLISH_SECONDS = 32
MEMORY_REQUESTS = 100_000
ONLY = [word for word in os.environ.get("BENCH_ROWS", "").split(",") if word]


def env():
    return _server.production_env(
        secret_key="bench-" + "x" * 60,
        database_url=DATABASE_URL,
        site_url=BASE,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=REDIS_URL,
        **_server.LOAD_TEST,
    )


def baseline_env(pages):
    # REDIS_URL only so that scripts/gunicorn.conf.py picks the product's worker count.
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "baseline.settings",
        "PYTHONPATH": str(ROOT / "scripts"),
        "BASELINE_PAGES": str(pages),
        "REDIS_URL": REDIS_URL,
    }


def manage(*args, capture=False):
    result = _server.manage(env(), *args, text=True, capture_output=capture)
    return result.stdout if capture else None


def start(app, port, environment):
    """gunicorn with `make serve`'s settings file; the access log goes nowhere."""
    if _server.port_taken(port):
        sys.exit(f"Port {port} is taken: stop what runs there or set BENCH_PORT.")
    try:
        return _server.start_gunicorn(
            port,
            environment,
            "-c",
            str(ROOT / "scripts" / "gunicorn.conf.py"),
            app=app,
            seconds=30,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
    except _server.ServerDidNotStart as error:
        sys.exit(f"The server did not start: {error}")


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


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def workers_of(process):
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def rss_mb(pids):
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def capture(scenario, folder):
    """Save the body the row's first request gets (the same-bytes baseline's twin)."""
    name = scenario["twin"]
    if scenario.get("method") == "POST":  # a redirect: its body is empty
        body, content_type = b"", "text/html; charset=utf-8"
    else:
        request = urllib.request.Request(BASE + scenario["path"])
        for header in scenario.get("headers", ()):
            key, value = header.split(": ", 1)
            request.add_header(key, value)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body, content_type = response.read(), response.headers["Content-Type"]
    (folder / f"{name}.body").write_bytes(body)
    (folder / f"{name}.type").write_text(content_type)
    return len(body)


def load(base, scenario, **extra):
    return _wrk.run(
        base + scenario["path"],
        seconds=extra.pop("seconds", SECONDS),
        connections=scenario.get("connections", CONNECTIONS),
        headers=scenario.get("headers", ()),
        script=scenario.get("script"),
        **extra,
    )


def settle(base, scenario):
    # The previous run's last requests may still be queued (a closed-loop load leaves up
    # to one per connection): let them drain, then warm, so no latency is another's.
    time.sleep(1)
    _wrk.warm(base + scenario["path"], scenario.get("headers", ()))


def forget_kept_articles():
    """Delete what earlier runs kept of articles (their fragments live as long as the
    content is unchanged, and the data set's content does not change between runs):
    a "cold" row's articles are then cold, not warm from the run before."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = [
        key
        for name in ("article-*", "language-switcher")  # the switcher: per address
        for key in client.scan_iter(match=f"*agency:fragment:*:{name}:*", count=10_000)
    ]
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def measure(scenario, hellos, twins):
    """Hello world, the row's same-bytes twin, then the row itself."""
    hello = {"path": "/hello", "connections": scenario.get("connections", CONNECTIONS)}
    twin = {**hello, "path": f"/bytes/{scenario['twin']}"}
    for base, run, into in (
        (BASELINE, hello, hellos.setdefault(hello["connections"], [])),
        (
            BASELINE,
            twin,
            twins.setdefault((scenario["twin"], hello["connections"]), []),
        ),
        (BASE, scenario, None),
    ):
        if run is scenario and scenario.get("cold"):
            forget_kept_articles()
        settle(base, run)
        result = load(base, run)
        if into is None:
            print(f"  {scenario['name']}: {result['rps']:.0f} req/s", flush=True)
            return {**scenario, **result}
        into.append(result)


def publishing_row(capacity):
    """The cached pages at half the cached article's capacity, with a content save every
    PUBLISH_EVERY seconds: latency, and how many times each page was rendered per save."""
    paths = ["/", "/articles/", *capacity["paths"]]
    rate = capacity["rps"] / 2
    delay_ms = CONNECTIONS / rate * 1000
    lua = "\n".join(
        [
            "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}",
            "local n = 0",
            "request = function()",
            "  n = n % #paths + 1",
            "  return wrk.format(nil, paths[n])",
            "end",
            f"delay = function() return {delay_ms:.2f} end",
        ]
    )
    for path in paths:
        _wrk.warm(BASE + path)
    publisher = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "bench_publish",
            f"--every={PUBLISH_EVERY}",
            f"--seconds={PUBLISH_SECONDS}",
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    result = _wrk.run(
        BASE + "/",
        seconds=PUBLISH_SECONDS,
        connections=CONNECTIONS,
        lua=lua,
        count_misses=True,
    )
    saves = int(publisher.communicate(timeout=60)[0].strip() or 0)
    renders = result["misses"] / max(1, saves) / len(paths)
    return {
        **result,
        "name": f"publishing under load ({result['rps']:.0f} req/s over {len(paths)} "
        f"pages, a save every {PUBLISH_EVERY} s; {saves} saves, "
        f"{renders:.2f} renders per page per save)",
        "connections": CONNECTIONS,
        "target": {"p99": 50, "renders": 1.0},
        "renders": renders,
    }


def memory_row(server, scenario):
    """Worker memory after 1k and after 100k requests over many different pages."""
    pids = workers_of(server)
    run = {**scenario, "connections": CONNECTIONS}
    served = 0
    while served < MEMORY_REQUESTS // 100:
        served += load(BASE, run, seconds=1)["requests"]
    after_1k, first = rss_mb(pids), served
    while served < MEMORY_REQUESTS:
        served += load(BASE, run, seconds=10)["requests"]
    after = rss_mb(pids)
    return {
        "name": f"worker memory: {len(pids)} workers' RSS {after_1k:.0f} MB after "
        f"{first:,} requests, {after:.0f} MB after {served:,}",
        "growth": after / after_1k,
        "target": {"growth": 1.2},
    }


def main():
    _wrk.ensure_wrk()
    _server.ensure_database(DATABASE_URL)
    print(f"Building the data set (SCALE={SCALE})...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("bench_data", f"--scale={SCALE}")
    plan = json.loads(manage("bench_plan", capture=True))
    if ONLY:
        plan["scenarios"] = [
            scenario
            for scenario in plan["scenarios"]
            if any(word in scenario["name"] for word in ONLY)
        ]
    server, worker = start("agency.wsgi:application", PORT, env()), start_worker()
    workers = len(workers_of(server))
    pages = Path(tempfile.mkdtemp(prefix="agency-bench-pages-"))
    baseline = None
    try:
        for scenario in plan["scenarios"]:  # warm every page and cache once
            settle(BASE, scenario)
        for scenario in plan["scenarios"]:
            scenario["bytes"] = capture(scenario, pages)
        baseline = start(
            "baseline.wsgi:application", BASELINE_PORT, baseline_env(pages)
        )
        hellos, twins, rows = {}, {}, []
        for scenario in plan["scenarios"]:
            rows.append(measure(scenario, hellos, twins))
        cached = [row for row in rows if row["name"] == "article (cached)"]
        if cached:
            rows.append(publishing_row({**plan["capacity"], "rps": cached[0]["rps"]}))
        if not ONLY or any(word in "worker memory" for word in ONLY):
            rows.append(memory_row(server, plan["memory"]))
    finally:
        for process in (server, worker, baseline):
            if process:
                stop(process)
    report = Report(rows, hellos, twins, plan, workers)
    report.print()
    if not ONLY:
        report.write()


class Report:
    """The rows with both ratios and their targets, printed and in docs/benchmarks.md."""

    PATH = ROOT / "docs" / "benchmarks.md"

    def __init__(self, rows, hellos, twins, plan, workers):
        self.rows, self.plan, self.workers = rows, plan, workers
        self.hellos = {
            conns: [run["rps"] for run in runs] for conns, runs in hellos.items()
        }
        self.hello = {conns: statistics.median(r) for conns, r in self.hellos.items()}
        for row in rows:
            if "rps" not in row or "twin" not in row:
                continue
            conns = row.get("connections", CONNECTIONS)
            twin = twins[(row["twin"], conns)]
            row["hello_ratio"] = row["rps"] / self.hello[conns]
            row["bytes_ratio"] = row["rps"] / statistics.median(r["rps"] for r in twin)
            row["bytes_p99"] = statistics.median(r["p99"] for r in twin)

    @staticmethod
    def target(row):
        """Return (the row's target in words, "yes"/"no"/""): is it met in this run?"""
        target = row.get("target") or {}
        words, met = [], []
        checks = (
            ("hello", ">= {}x hello", lambda v: row["hello_ratio"] >= v),
            ("bytes", ">= {}x same bytes", lambda v: row["bytes_ratio"] >= v),
            ("p95", "p95 < {} ms", lambda v: row["p95"] < v),
            ("p99", "p99 < {} ms", lambda v: row["p99"] < v),
            (
                "renders",
                "<= {} render per page per save",
                lambda v: row["renders"] <= v,
            ),
            ("growth", "RSS grows <= {}x", lambda v: row["growth"] <= v),
        )
        for name, words_for, check in checks:
            if name in target:
                words.append(words_for.format(target[name]))
                met.append(check(target[name]))
        if not met:
            return "", ""
        return ", ".join(words), "yes" if all(met) else "no"

    def lines(self):
        yield (
            "| page | conn. | KB | req/s | p50 ms | p95 ms | p99 ms | x hello | "
            "x same bytes | same bytes p99 ms | SQL queries | target | met |"
        )
        yield "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
        for conns, runs in sorted(self.hellos.items()):
            yield (
                f"| hello world, plain Django (median of {len(runs)} runs: "
                f"{min(runs):.0f}-{max(runs):.0f}) | {conns} | | "
                f"{self.hello[conns]:.0f} | | | | 1.000 | | | | | |"
            )
        for row in self.rows:
            target, met = self.target(row)
            if "rps" not in row:
                yield f"| {row['name']} | | | | | | | | | | | {target} | {met} |"
                continue
            size = f"{row['bytes'] / 1024:.1f}" if "bytes" in row else ""
            ratios = (
                f"{row['hello_ratio']:.3f} | {row['bytes_ratio']:.3f} | "
                f"{row['bytes_p99']:.1f}"
                if "hello_ratio" in row
                else " | | "
            )
            yield (
                f"| {row['name']} | {row.get('connections', CONNECTIONS)} | {size} | "
                f"{row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | "
                f"{row['p99']:.1f} | {ratios} | {row.get('queries', '')} | "
                f"{target} | {met} |"
            )

    def print(self):
        for line in self.lines():
            print(line)

    def write(self):
        """This run's table into docs/benchmarks.md, keeping the other SCALE's."""
        import re

        section = re.compile(r"^## SCALE=(\d+)\b.*?(?=^## SCALE=|\Z)", re.M | re.S)
        ours = [
            f"## SCALE={SCALE}: {self.plan['data']}",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}. Servers: gunicorn with "
            f"scripts/gunicorn.conf.py ({self.workers} sync workers, access log on), the "
            "product with production settings and its background worker, PostgreSQL "
            "and Redis on the same machine. Load: wrk, "
            f"{SECONDS} s per row, on the same machine (it shares the cores).",
            "",
            *self.lines(),
        ]
        sections = {}
        if self.PATH.exists():
            for match in section.finditer(self.PATH.read_text()):
                sections[int(match.group(1))] = match.group(0).rstrip("\n")
        sections[SCALE] = "\n".join(ours)
        head = self.PATH.read_text().split("\n## SCALE=")[0].rstrip("\n")
        body = "\n\n".join(sections[scale] for scale in sorted(sections))
        self.PATH.write_text(head + "\n\n" + body + "\n")
        print(f"Wrote {self.PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
