# The two commands: `make run` and `make test`. See README.md for the others.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
TEST_DATABASE_URL ?=
STRICT ?=
# STRICT=1 turns strict mode on; 0, no, false or off (or nothing) leave it off, as tests/conftest.py reads it.
STRICT_ON := $(filter-out 0 no false off No False Off NO FALSE OFF,$(STRICT))
QUICK ?=
# pytest-xdist workers per pass: one per core (`TEST_WORKERS=0` runs in this process, e.g. for pdb).
TEST_WORKERS ?= auto

.PHONY: install run test worker stack bench lint messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# axe-core for the browser tests' accessibility checks, from the npm registry (skipped without npm).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is not installed: the accessibility checks will be skipped (or fail with STRICT=1)."; fi

install: $(STAMP)

## make run: the app on http://127.0.0.1:8000 with SQLite, in-process tasks and e-mail as files in var/mail/
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set (STRICT=1 requires it).
## Tests marked one_pass (the browser walks, the authorization matrix) do not depend on the database: with a
## PostgreSQL pass they run in it only.
test: install node_modules/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(if $(TEST_DATABASE_URL),-m "not one_pass") $(PYTEST_ARGS)
	@if [ -n "$(TEST_DATABASE_URL)" ]; then \
		echo "== The same suite on PostgreSQL =="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	elif [ -n "$(STRICT_ON)" ]; then \
		echo "STRICT=1: TEST_DATABASE_URL is not set, so the PostgreSQL pass cannot run." >&2; exit 1; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL pass was skipped."; \
	fi

## make worker: a Celery worker with beat (the periodic sweep of owed notices), against REDIS_URL
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0)." >&2; exit 1; }
	mkdir -p var
	$(BIN)/celery -A config worker --beat --schedule var/celerybeat-schedule --loglevel=INFO

## make stack: web (gunicorn), worker and beat together (Procfile, honcho) against DATABASE_URL and REDIS_URL
stack: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0)." >&2; exit 1; }
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/honcho start

## make bench: every measurement in one table, also written to docs/benchmarks.md; QUICK=1 for smaller sizes.
## Needs PostgreSQL on 127.0.0.1:5432 (BENCH_DATABASE_SERVER), redis-server and wrk; see bench/run.py
bench: install
	@command -v wrk >/dev/null || { echo "wrk is not installed: sudo apt-get install wrk (Debian, Ubuntu) or brew install wrk (macOS)." >&2; exit 1; }
	$(BIN)/python bench/run.py $(if $(QUICK),--quick)

## make lint: ruff, then the import contracts (pyproject.toml [tool.importlinter]: the layers of issues/,
## features independent of each other, nothing importing tasks or admin, views imported by their urls only)
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

## make audit: known vulnerabilities in the installed packages (pip-audit, asking PyPI's advisory feed at
## pypi.org) and a static scan of our code (bandit, set up in pyproject.toml). A vulnerability or a bandit
## finding fails it. Packages the feed cannot answer for are listed as NOT AUDITED; AUDIT_STRICT=1 fails on them.
.PHONY: audit
audit: install
	@status=0; mkdir -p var; \
	echo "== pip-audit: known vulnerabilities in the installed packages =="; \
	$(BIN)/pip-audit --skip-editable --progress-spinner off --desc on -f json -o var/pip-audit.json || status=1; \
	$(BIN)/python .ci/pip_audit_report.py var/pip-audit.json || status=1; \
	echo "== bandit: static scan of our code =="; \
	$(BIN)/bandit -q -c pyproject.toml -r . || status=1; \
	exit $$status

## make messages: refresh the translation catalogues after changing user-facing strings
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ko -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var
