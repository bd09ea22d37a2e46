# icv: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install assets bench lint format clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Create the virtualenv, migrate, load the demo data into an empty database, serve on :5000
run: $(STAMP)
	$(BIN)/icv db upgrade
	$(BIN)/icv demo
	$(BIN)/icv serve --host 127.0.0.1 --port 5000

## Every test: SQLite, or PostgreSQL when ICV_TEST_DATABASE_URL is set; browser tests in Chromium
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

## Rebuild static/icv.css and static/icv.js from npm's govuk-frontend (the built files are committed)
assets:
	npm ci --no-audit --no-fund
	npm run build

## Speed and memory figures: every script in bench/ prints its measurements and ratios
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
