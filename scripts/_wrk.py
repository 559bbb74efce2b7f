"""Load with wrk (Debian's package) for scripts/bench.py: one run, its figures."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LATENCY = re.compile(r"^\s+(50|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)", re.MULTILINE)

# wrk prints 50/75/90/99 with --latency; this adds p95 (in microseconds) and the number
# of responses whose X-Page-Cache header was MISS (the page rendered), over all threads.
SUMMARY_LUA = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
misses = 0
done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("misses") end
  io.write(string.format("P95US %d\\n", latency:percentile(95)))
  io.write(string.format("MISSES %d\\n", total))
  io.write(string.format("REQUESTS %d\\n", summary.requests))
end
"""
# Reading every response in Lua costs wrk (and so the shared cores) dearly: only the rows
# that count renders do.
COUNT_MISSES_LUA = """
response = function(status, headers, body)
  if headers["X-Page-Cache"] == "MISS" then misses = misses + 1 end
end
"""


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


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run(
    url, *, seconds, connections, headers=(), script=None, lua="", count_misses=False
):
    """Load `url` for `seconds`; return requests per second, latencies in ms, the
    number of non-2xx/3xx answers and of page-cache misses."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    path = Path(tempfile.gettempdir()) / f"agency-bench-run-{os.getpid()}.lua"
    path.write_text(
        (Path(script).read_text() if script else "")
        + lua
        + "\n"
        + SUMMARY_LUA
        + (COUNT_MISSES_LUA if count_misses else "")
    )
    command += ["-s", str(path), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = {p: to_ms(v, u) for p, v, u in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency.get("50"),
        "p90": latency.get("90"),
        "p95": int(re.search(r"P95US (\d+)", output).group(1)) / 1000,
        "p99": latency.get("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "misses": int(re.search(r"MISSES (\d+)", output).group(1)),
        "requests": int(re.search(r"REQUESTS (\d+)", output).group(1)),
    }


def warm(url, headers=()):
    subprocess.run(
        ["wrk", "-t1", "-c2", "-d1s", *sum((["-H", h] for h in headers), []), url],
        capture_output=True,
        check=False,
    )
