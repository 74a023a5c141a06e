# The front door: `make run` and `make test` are all a newcomer needs.

# The interpreter .venv is made with. Debian's python3.11 is built with profile-guided and link-time optimisation,
# and runs the suite in about a tenth less CPU than a plain build such as pyenv's (this machine's `python3`): it is
# used where it is and can make a venv (Debian's python3.11-venv, installed as root like the browser packages), else
# python3. `make PYTHON=python3 …` chooses.
OPTIMISED_PYTHON := /usr/bin/python3.11
PYTHON ?= $(if $(wildcard $(OPTIMISED_PYTHON)),$(OPTIMISED_PYTHON),python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=jindu.settings.test
# Keep compiled modules (some environments set this): each test worker otherwise compiles every module, the test
# modules' rewritten asserts included, again at every start. `make check` writes them for the project's modules.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run install install-dev test lint format check bench messages browser-deps clean

# A shell command that installs Debian's packages $(1) when run as root on a machine with apt, and fails otherwise
# (each caller says what then).
apt_install = { [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; }

$(PY):
	@python="$(PYTHON)"; \
	if [ "$$python" = "$(OPTIMISED_PYTHON)" ] && ! "$$python" -c "import ensurepip" 2>/dev/null; then \
		echo "Debian's optimised Python needs python3.11-venv to make .venv; installing it if we can"; \
		$(call apt_install,python3.11-venv) 2>/dev/null; \
		"$$python" -c "import ensurepip" 2>/dev/null || python=python3; \
	fi; \
	echo "$$python -m venv $(VENV)"; "$$python" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	mkdir -p var/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@# The task worker runs exports, imports and Wagtail's index updates, and each minute publishes scheduled
	@# pages; Ctrl-C stops it with the server.
	$(PY) manage.py run_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium in its headless shell (the benchmarks use the full browser), and a test checks
# deploy/nginx.conf with `nginx -t`; install them when we can (root with apt).
BROWSER_PACKAGES := chromium chromium-headless-shell nginx-light
browser-deps:
	@{ command -v chromium-headless-shell && command -v chromium && { command -v nginx || test -x /usr/sbin/nginx; }; \
		} >/dev/null 2>&1 || $(call apt_install,$(BROWSER_PACKAGES)) || { \
		echo "Install Chromium and nginx (Debian: apt-get install $(BROWSER_PACKAGES)) for the tests."; exit 1; }

check: install-dev
	mkdir -p var
	$(TEST_SETTINGS) $(PY) manage.py check
	$(TEST_SETTINGS) $(PY) manage.py makemigrations --check --dry-run

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# One pytest-xdist worker per core; a module that builds something once for all its tests keeps to one worker.
test: install-dev browser-deps lint check
	mkdir -p var
	$(VENV)/bin/pytest --numprocesses auto --dist loadgroup

bench: install-dev
	$(PY) bench/run.py

FEATURE_APPS := media education schools events campaigns

# Site-wide strings go to site/locale; each feature app keeps its own <app>/locale.
messages: install-dev
	$(TEST_SETTINGS) $(PY) manage.py makemessages --locale zh_Hans --locale en \
		--ignore .venv --ignore var --ignore tests --ignore bench --ignore "jindu/demo/*" \
		$(foreach app,$(FEATURE_APPS),--ignore $(app))
	for app in $(FEATURE_APPS); do \
		if [ -d $$app/locale ]; then (cd $$app && $(TEST_SETTINGS) ../$(PY) ../manage.py makemessages --locale zh_Hans --locale en); fi; \
	done
	$(TEST_SETTINGS) $(PY) manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var/static
