# Two commands matter: `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements
DEV_INSTALLED := $(VENV)/.installed-dev-requirements
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run test setup setup-dev database check lint format chromium gettext translations messages axe npm redis varnish postgresql cluster clean bench bench-tools bench-review

run: database
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: check chromium translations axe redis varnish postgresql
	$(BIN)/pytest

# The application's packages; tests and tools (requirements-dev.txt) only for `make test`.
setup: $(INSTALLED)

setup-dev: $(DEV_INSTALLED)

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_INSTALLED): requirements-dev.txt $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

database: setup translations
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py createcachetable
	$(DEV) $(BIN)/python manage.py rerender_dossiers
	$(DEV) $(BIN)/python manage.py load_communes
	$(DEV) $(BIN)/python manage.py load_demo
	$(DEV) $(BIN)/python manage.py load_demo_discussion
	$(DEV) $(BIN)/python manage.py rebuild_search_index --if-empty
	$(DEV) $(BIN)/python manage.py export_data

# Lint, format, the layering contract between apps (pyproject.toml), migrations.
check: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# $(call debian_install,packages,what needs them): install Debian's packages with
# apt-get (as root), or say how to.
define debian_install
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's $(1) for $(2)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else \
	  echo "Debian's $(1) is missing ($(2) need it): run 'sudo apt-get install $(1)'." >&2; \
	  exit 1; \
	fi
endef

# $(call debian_package,command,package,what needs it): when `command` is missing,
# install Debian's `package` with apt-get (as root), or say how to.
define debian_package
	@if ! command -v $(1) >/dev/null 2>&1; then \
	  $(call debian_install,$(2),$(3)); \
	fi
endef

# Interface catalogues: locale/<language>/LC_MESSAGES/django.po, compiled to .mo
# (git-ignored) by Debian's gettext.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
translations: $(CATALOGUES:.po=.mo)

%.mo: %.po | gettext
	msgfmt --check --output-file=$@ $<

gettext:
	$(call debian_package,msgfmt,gettext,the translation catalogues)

# After changing the interface's strings: extract them, fill the French catalogue
# (typographic spacing, plural forms), then translate what is new in locale/en/.
messages: setup-dev gettext
	$(DEV) $(BIN)/python manage.py update_catalogues
	$(MAKE) translations

# axe-core (npm, pinned in tests/browser/axe/package-lock.json), which the browser
# tests inject into every page type.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): tests/browser/axe/package-lock.json | npm
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

npm:
	$(call debian_package,npm,npm,the accessibility checks)

# The shared-cache tests start their own Redis on loopback (deploy/services.py).
redis:
	$(call debian_package,redis-server,redis-server,the shared-cache tests)

# The caching proxy, with the xkey module that purges pages by tag (deploy/varnish.vcl).
varnish:
	$(call debian_package,varnishd,varnish varnish-modules,the cluster and its tests)
	@test -e /usr/lib/$$(uname -m)-linux-gnu/varnish/vmods/libvmod_xkey.so || \
	  $(call debian_install,varnish-modules,the cluster and its tests)

# The cluster starts a throwaway PostgreSQL (bench/postgres.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  $(call debian_install,postgresql,the cluster and its tests)

# The production topology on loopback: PostgreSQL, Redis, two app servers, Varnish
# (deploy/cluster.py; README « Deploying »). Runs until interrupted.
cluster: setup translations redis varnish postgresql
	$(BIN)/python deploy/cluster.py

# Browser tests drive Debian's Chromium; Playwright never downloads a browser.
chromium:
	$(call debian_package,chromium,chromium,the browser tests)

# Load benchmark of the production configuration (about ten minutes; see README "Performance").
# The traffic scenarios need the cluster (Redis, Varnish) and the bench's HTTP client
# (requirements-dev.txt); pages in French need the compiled catalogues.
bench: setup-dev translations bench-tools redis varnish
	$(BIN)/python bench/run.py

bench-tools:
	@missing=""; command -v wrk >/dev/null 2>&1 || missing="wrk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing$$missing for the benchmark..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The benchmark needs:$$missing (sudo apt-get install$$missing)." >&2; exit 1; \
	  fi; \
	fi

# Review workflow budgets: 10,000-revision history, 2,000 pending changes, 100 KB diffs.
bench-review: setup
	$(BIN)/python bench/review_budgets.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache tests/browser/axe/node_modules locale/*/LC_MESSAGES/django.mo
