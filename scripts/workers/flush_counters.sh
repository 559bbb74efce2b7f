#!/usr/bin/env bash
# Moves view counts buffered in Redis to PostgreSQL every few seconds. Only needed with
# REDIS_URL (without it views are written to the database directly). `make serve` starts
# every scripts/workers/*.sh; in production run it under a supervisor (docs/deploy.md).
set -uo pipefail
cd "$(dirname "$0")/../.."
[ -n "${REDIS_URL:-}" ] || exit 0
BIN=.venv/bin
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
while true; do
  "$BIN/python" manage.py flush_counters --loop --interval "${COUNTER_FLUSH_INTERVAL:-10}" &
  child=$!
  wait "$child"
  echo "flush_counters exited with $?; restarting in 5 s" >&2
  sleep 5
done
