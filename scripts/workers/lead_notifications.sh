#!/usr/bin/env bash
# The lead notification worker: e-mails sales about new leads and retries failures until
# the mail server accepts them. `make serve` starts every scripts/workers/*.sh beside the
# web server; in production run this under a supervisor (see docs/deploy.md).
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin

# The command loops by itself; this outer loop restarts it if it ever exits
# (a lost database at start-up, an upgrade), after a pause.
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
while true; do
  "$BIN/python" manage.py send_lead_notifications --loop --interval "${LEAD_WORKER_INTERVAL:-10}" &
  child=$!
  wait "$child"
  echo "send_lead_notifications exited with $?; restarting in 5 s" >&2
  sleep 5
done
