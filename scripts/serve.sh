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

if [ -n "${REDIS_URL:-}" ]; then
  WORKERS="${WEB_CONCURRENCY:-$(( $(nproc) * 2 ))}"
  THREADS=1
else
  WORKERS=1
  THREADS=8
fi

# Background workers (e.g. the lead notification queue) run beside the web server.
PIDS=()
for worker in scripts/workers/*.sh; do
  [ -e "$worker" ] || continue
  bash "$worker" &
  PIDS+=($!)
done
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT

echo "Serving production-style on http://127.0.0.1:$PORT/ ($WORKERS workers x $THREADS threads)"
# scripts/gunicorn.conf.py: the access log keeps paths, never query strings (privacy).
"$BIN/gunicorn" agency.wsgi:application -c scripts/gunicorn.conf.py \
  --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --timeout 30
