#!/usr/bin/env bash
# `make serve`: the site as it will be deployed (gunicorn, WhiteNoise, DEBUG off), on
# http://127.0.0.1:$PORT. Settings a real deployment must give are defaulted here for a
# local trial only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ ! -s .secret_key ]; then
  "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
fi
export DJANGO_SETTINGS_MODULE=agency.settings.production
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(cat .secret_key)}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-0}"
export DJANGO_SECURE_COOKIES="${DJANGO_SECURE_COOKIES:-0}"
export DJANGO_SECURE_HSTS_SECONDS="${DJANGO_SECURE_HSTS_SECONDS:-0}"
PORT="${PORT:-8000}"
# Links that leave the request (canonical, feeds, sitemaps, QR codes, e-mails) name this server.
export AGENCY_SITE_URL="${AGENCY_SITE_URL:-http://127.0.0.1:$PORT}"

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
"$BIN/python" manage.py demo_content
"$BIN/python" manage.py ensure_admin

# The one background worker (agency/core/tasks.py: queued tasks and every periodic job)
# beside the web server; its queue is Redis with REDIS_URL, else tasks.sqlite3. If it
# dies, this says so and starts it once more; in production systemd keeps both
# (docs/deploy.md).
"$BIN/python" manage.py run_huey &
WORKER=$!

echo "Serving production-style on http://127.0.0.1:$PORT/"
# scripts/gunicorn.conf.py: workers and threads (by REDIS_URL), and an access log that
# keeps paths, never query strings (privacy). `make bench` serves with the same file.
"$BIN/gunicorn" agency.wsgi:application -c scripts/gunicorn.conf.py \
  --bind "127.0.0.1:$PORT" &
WEB=$!
trap 'kill "$WEB" "$WORKER" 2>/dev/null; wait' EXIT
trap 'exit 0' INT TERM

RESTARTED=0
while kill -0 "$WEB" 2>/dev/null; do
  if [ "$RESTARTED" -lt 2 ] && ! kill -0 "$WORKER" 2>/dev/null; then
    wait "$WORKER" && status=0 || status=$?
    if [ "$RESTARTED" = 0 ]; then
      echo "serve.sh: the worker (run_huey) exited ($status); restarting it once" >&2
      RESTARTED=1
      "$BIN/python" manage.py run_huey &
      WORKER=$!
    else
      echo "serve.sh: the worker exited again ($status); background work stopped" >&2
      RESTARTED=2
    fi
  fi
  sleep 2
done
wait "$WEB"
