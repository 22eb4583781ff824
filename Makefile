# Samverkansmonitorn – två kommandon på en ny Debian-maskin med Python 3.11:
#   make run         installerar och startar instrumentpanelen på demodata (http://127.0.0.1:8050)
#   make test        installerar allt (även Chromium för webbläsartesterna), granskar koden och kör alla tester
#   make test-snabb  under en minut: lint, typer och alla tester utan server och webbläsare (medan man skriver)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-snabb test-postgres granska bench demodata chromium clean

AXE := tests/a11y/node_modules/axe-core/axe.min.js

$(VENV)/.installerad: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installerad-dev: $(VENV)/.installerad requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Webbläsartesterna kör Debians Chromium och ChromeDriver; inget laddas ner vid körning.
chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

# axe-core (npm) för tillgänglighetstesterna; låst version i tests/a11y/package-lock.json.
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --prefix tests/a11y --no-audit --no-fund --silent
	touch $@

run: $(VENV)/.installerad
	$(PY) app.py

# Granskning: ruff (regellistan i pyproject.toml) och mypy, båda rena.
granska: $(VENV)/.installerad-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Snabba nivån: allt utan server och webbläsare, på två kärnor; en testfil per arbetare, så att en fils
# demolager byggs en gång (inte en gång i varje arbetare).
test-snabb: granska
	$(PY) -m pytest -q -m "not webb" -n 2 --dist loadfile

# Anteckningarna mot en riktig PostgreSQL (ett tillfälligt kluster; installerar Debians postgresql vid behov).
test-postgres: $(VENV)/.installerad-dev
	PY=$(PY) bash scripts/test_postgres.sh

# Allt, det CI kör: den snabba nivån, PostgreSQL, och sedan servrar, webbläsare och tillgänglighet (en i taget).
test: test-snabb test-postgres chromium $(AXE)
	$(PY) -m pytest -q -m webb

# Lasttestets locust i en egen miljö: locust kräver urllib3 2, dash[testing] låser urllib3 1.
.venv-last/.installerad: requirements-last.txt
	$(PYTHON) -m venv .venv-last
	.venv-last/bin/pip install --quiet -r requirements-last.txt
	touch $@

bench: $(VENV)/.installerad-dev .venv-last/.installerad chromium
	$(PY) bench/ingest_bench.py --nationellt
	$(PY) bench/kor.py

demodata: $(VENV)/.installerad
	$(PY) scripts/generera_demodata.py

clean:
	rm -rf $(VENV) .venv-last data/lager data/arkiv .pytest_cache
