"""A short `make soak`: mixed traffic on the production-style server, exact counts after."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_short_soak_has_no_5xx_and_loses_nothing():
    """scripts/soak.py exits 0 only with zero 5xx, every lead stored, views and likes
    exactly as sent, and a burst of enquiries while every chat channel is down announced
    once each, in order, within the channels' limits; the long soak is `make soak`
    (SOAK_SECONDS=60, a burst of 200). Here the burst is 40, twice what a channel may
    send in a minute: tests/leads/test_outbox.py sends the 200 on its own."""
    result = subprocess.run(
        [sys.executable, "scripts/soak.py"],
        cwd=ROOT,
        env={
            **os.environ,
            "SOAK_SECONDS": "10",
            "SOAK_THREADS": "6",
            "SOAK_BURST": "40",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no 5xx" in result.stdout
