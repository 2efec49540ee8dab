# Two commands for a fresh machine: `make run` serves the app, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run serve test lint test-sqlite test-postgres system-deps messages bench clean constraints

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' -c constraints.txt
	touch $@

# What the pinned dependencies pull in, pinned as pip resolves them now (after editing pyproject).
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet --dry-run --ignore-installed \
		--report $(VENV)/resolved.json -e '.[test]'
	$(BIN)/python tools/pin_constraints.py $(VENV)/resolved.json > constraints.txt

# Interface translations (zh-hans is the source, en the translation). The compiled .mo files are
# committed, so a machine without gettext's msgfmt still serves English: it keeps them, and says so.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

messages: $(MESSAGES)

locale/%.mo: locale/%.po | $(STAMP)
	@if command -v msgfmt >/dev/null; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv --locale $(firstword $(subst /, ,$*)); \
	else \
		echo "msgfmt not found (apt-get install gettext): using the committed $@"; \
	fi

# Local work: DEBUG on unless DEBUG=false is given, one job worker beside the development server,
# started again whenever it stops (as `make serve` does: a job past its time limit ends it).
run: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py worker --processes 1 & worker=$$!; trap 'kill $$worker' EXIT; \
		DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST)

# The production server: gunicorn (config/gunicorn.py: WEB_WORKERS, WEB_THREADS, JOB_WORKERS),
# DEBUG off, a secret key from SECRET_KEY or generated once into .secret_key, static files
# collected, the seeds loaded into an empty database. It refuses DEBUG on, short keys and keys
# written in the repository (config/safety.py).
serve: $(STAMP) messages
	$(BIN)/python -m web.keyfile
	$(BIN)/python manage.py check --deploy --fail-level ERROR
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py shell -c "import sys; from plans.models import Plan; \
		sys.exit(0 if Plan.objects.exists() else 1)" || $(BIN)/python manage.py load_seeds
	HOST=$(HOST) $(BIN)/gunicorn --config config/gunicorn.py config.wsgi

test: $(STAMP) system-deps lint test-sqlite test-postgres

# The deploy check signs with a key made for it alone: a key written here would be public, and
# refused (config/safety.py).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	HTTPS=true DEBUG=false SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# pytest exits 5 when no test ran; make treats that as the failure it is.
# The suite runs in TEST_WORKERS processes (pytest-xdist; one database each, the seeds imported
# once per process): one per core, at most four, since each more imports the seeds again.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n > 4 ? 4 : n )))

test-sqlite: $(STAMP) messages
	.ci/with-redis $(BIN)/pytest -n $(TEST_WORKERS)

test-postgres: $(STAMP) messages
	.ci/with-postgres .ci/with-redis $(BIN)/pytest -n $(TEST_WORKERS)

# Debian's tesseract with its simplified-Chinese model for scanned PDFs (OCR, nothing downloaded),
# Debian's chromium and a CJK font for the browser tests (never a downloaded browser),
# gettext's msgfmt to compile the translations, and redis-server for the distributed job queue's
# test (.ci/with-redis starts a throwaway one).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi wqy || missing="$$missing fonts-wqy-microhei"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing="$$missing tesseract-ocr-chi-sim"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Figures only, nothing asserted; the alignment scale run (up to 20k sections a side) takes minutes.
bench: $(STAMP)
	$(BIN)/python bench/import.py
	$(BIN)/python bench/compare_page.py
	$(BIN)/python bench/marking.py
	$(BIN)/python bench/align.py
	$(BIN)/python bench/rows.py --summary
	$(BIN)/python bench/big_plan.py
	.ci/with-postgres $(BIN)/python bench/search.py
	.ci/with-postgres $(BIN)/python bench/pages.py
	.ci/with-postgres $(BIN)/python bench/catalogue.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
