# The two commands: `make run` (demo site on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install messages lint format check benchmark bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Compile every Russian catalogue of the project (needs gettext's msgfmt).
messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Public pages; then credits under load (3,000 members redeem codes at concurrency 16,
# 10,000 codes + their PDF sheet): set DATABASE_URL to PostgreSQL for the concurrent part.
benchmark: install messages
	$(PY) scripts/benchmark.py
	$(PY) scripts/bench_credits.py

# The production stack under load: gunicorn (2 workers, production settings) on loopback,
# wrk at 8 and 32 connections (README, "Benchmark"); then the code-redemption burst.
# DATABASE_URL names a PostgreSQL database with "bench" in its name (it is dropped and
# seeded again; --reuse in BENCH_ARGS keeps it); REDIS_URL a Redis database of its own.
#   make bench BENCH_ARGS="-d 5 --scale 1" BENCH_CREDITS_ARGS="--members 3000"
bench: install messages
	command -v wrk >/dev/null || { s=""; [ "$$(id -u)" -eq 0 ] || s=sudo; \
		$$s apt-get install -y -qq wrk; }
	$(PY) scripts/bench.py $(BENCH_ARGS)
	$(PY) scripts/bench_credits.py $(BENCH_CREDITS_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
