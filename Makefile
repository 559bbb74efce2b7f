# The README's commands. `make run` for a local demo, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test serve bench soak lint lock check-db browser servers clean help messages

help:
	@echo "make run    set everything up and serve the demo at http://127.0.0.1:$(PORT)"
	@echo "make test   lint, migration check and the whole test suite against PostgreSQL"
	@echo "make serve  the same site production-style (gunicorn, WhiteNoise, DEBUG off)"

# Installs exactly what requirements.lock pins, each file checked against its hash; the
# lock is made from pyproject.toml by `make lock`. Reinstalls when the lock changes.
$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip check
	touch $@

# After changing a dependency in pyproject.toml: pin it and everything it pulls in, with
# hashes (pip-tools, in the dev extra). Commit requirements.lock with pyproject.toml.
lock: $(VENV)/.installed
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra dev --extra s3 --output-file requirements.lock pyproject.toml

# Links that leave the request (canonical, feeds, sitemaps, QR codes, e-mails) name the
# port served here, unless AGENCY_SITE_URL says otherwise.
run: export AGENCY_SITE_URL := $(or $(AGENCY_SITE_URL),http://127.0.0.1:$(PORT))
run: $(VENV)/.installed messages
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_content
	$(MANAGE) ensure_admin
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/i18n.py check
	$(BIN)/bandit --quiet --recursive --severity-level high agency articles services leads

# The translations (locale/*.po, committed) compiled to the .mo files Django reads
# (build output, not committed), with polib: no GNU gettext needed. `lint` checks them.
messages: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py compile

check-db: $(VENV)/.installed
	@$(BIN)/python scripts/check_database.py

browser:
	@bash scripts/install_browser.sh

# Dovecot (IMAP) for the tests of sales' replies; see scripts/install_test_servers.sh.
servers:
	@bash scripts/install_test_servers.sh

# Screenshots of every page type into docs/screenshots/, from the site `make run` serves
# (same DATABASE_URL, same PORT).
screenshots: $(VENV)/.installed browser
	$(BIN)/python scripts/screenshots.py --base-url http://127.0.0.1:$(PORT)

test: $(VENV)/.installed lint check-db browser servers messages
	DJANGO_SETTINGS_MODULE=agency.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=agency.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

# Production-style: gunicorn + WhiteNoise with DEBUG off, on plain HTTP for local trying.
# Without REDIS_URL the cache is per process, so one process with threads keeps it
# consistent; with REDIS_URL, a worker process per core.
serve: $(VENV)/.installed messages
	@bash scripts/serve.sh

# Builds a large data set (SCALE=1: 10k articles, 100k leads; SCALE=10: 100k and 1M),
# serves it production-style and measures it with wrk; writes docs/benchmarks.md.
bench: $(VENV)/.installed messages
	$(BIN)/python scripts/bench.py

# Mixed traffic (pages, view beacons, likes, enquiries) against the production-style
# server for SOAK_SECONDS (default 60), then: zero 5xx, every lead stored, views and likes
# exact. Its own database (agency_soak) and Redis db (11); see docs/hardening.md.
soak: $(VENV)/.installed messages
	$(BIN)/python scripts/soak.py

clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache .ruff_cache
