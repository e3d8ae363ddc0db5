# DEH Marketplace: `make run` serves the demo, `make test` runs every test.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Compile bytecode once (site-packages at sync time, our modules on first import): with
# PYTHONDONTWRITEBYTECODE set, every manage.py call would recompile ~2,000 modules.
export UV_COMPILE_BYTECODE := 1
unexport PYTHONDONTWRITEBYTECODE
PORT ?= 8000
# uv on PATH if it works, else a private copy installed from PyPI into .tools/.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint e2e unit bench bench-scale soak sync demo serve clean help

help:
	@echo "make run   - set up and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test  - lint, unit/integration tests, then browser journeys"

.tools/bin/uv:
	@command -v python3 >/dev/null || { echo "Python 3.12+ is needed (python3 not found)"; exit 1; }
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

sync: $(if $(filter uv,$(UV)),,.tools/bin/uv)
	$(UV) sync --frozen --quiet

demo: sync
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_demo_data
	$(MANAGE) search_index --rebuild --verbosity 0

run: demo
	@echo
	@echo "  DEH Marketplace is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Demo sign-ins (password: $${DEMO_PASSWORD:-deh-demo-2026}):"
	@echo "    buyer@example.com                  a foreign buyer"
	@echo "    seller@example.com                 a Varanasi seller"
	@echo "    official@example.com               Varanasi district official (/admin/)"
	@echo "    agra.official@example.com          Agra district official"
	@echo "    up.official@example.com            Uttar Pradesh state official (other UP districts)"
	@echo "    bihar.official@example.com         Bihar state official (all of Bihar)"
	@echo "    rajasthan.official@example.com     Rajasthan state official"
	@echo "    kancheepuram.official@example.com  Kancheepuram district official (Tamil Nadu)"
	@echo "    reviewer@example.com               site staff reviewer (states with no official)"
	@echo "    admin@example.com                  site staff, superuser (/admin/)"
	@echo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(MANAGE) runserver 127.0.0.1:$(PORT) --noreload

lint: sync
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=bench.settings $(MANAGE) makemigrations --check --dry-run bench
	.venv/bin/bandit -q -c pyproject.toml -r core accounts regions sellers buyers catalogue marketplace search cms config
	UV=$(UV) bin/audit-deps

unit: sync
	.venv/bin/pytest -m "not browser and not sqlite_only" -n $${PYTEST_WORKERS:-2} --dist loadfile
	env -u DATABASE_URL .venv/bin/pytest -m "sqlite_only or both_databases" -p no:xdist -q

tests/browser/js/node_modules: tests/browser/js/package-lock.json
	cd tests/browser/js && npm ci --no-audit --no-fund --silent
	touch $@

e2e: sync tests/browser/js/node_modules
	.venv/bin/pytest -m browser -p no:xdist

test: lint unit e2e

# Benchmarks write their figures into docs/benchmarks.md (PostgreSQL and Redis on 127.0.0.1).
bench: sync
	$(PY) -m bench.run
	$(PY) -m bench.pages
	$(PY) -m bench.inprocess --cold --requests 30 --write
	$(PY) -m bench.lighthouse

# Search at 10^6 products (PostgreSQL): copies the 10^5 search bench index x10 in SQL, then old
# vs new side by side (bench/search_scale.py). Run `make bench` (or bench.search_bench) first;
# OLD=DIR (a checkout with its own .venv, its 10^5 database made by `bench.search_bench --old`)
# compares that checkout, each in its own process and database.
bench-scale: sync
	$(PY) -m bench.search_scale $(if $(OLD),--old $(OLD))

# Soak: a few minutes of mixed traffic against gunicorn (not in `make test`); figures to docs.
soak: sync
	$(PY) -m bench.soak

clean:
	rm -rf .venv .tools db.sqlite3 media staticfiles
