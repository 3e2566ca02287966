# Two commands matter: `make run` (rebuild the notebooks and figures from committed data)
# and `make test` (lint, unit tests, nbval on every notebook). Both create .venv if missing.
# `make` alone (or `make help`) lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE_STAMP := $(VENV)/.site-installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The installer: uv, pinned, put into the venv by the system's pip (the venv is made without pip: faster); where that
# fails, pip itself, brought into the venv by ensurepip, installs the same pins
UV_VERSION := 0.13.9
INSTALL = { test -x $(BIN)/uv || $(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check \
    uv==$(UV_VERSION); } && $(BIN)/uv pip install --quiet --python $(BIN)/python $(1) \
  || { echo "uv unavailable or failed: installing with pip" >&2; \
       { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --default-pip >/dev/null; } \
       && $(PIP) $(1); }
# JupyterLab saves through factcheck's hook (so opening a notebook leaves it unchanged): its config, in the venv
JUPYTER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.d/factcheck.json
unexport MPLBACKEND  # the notebooks need the inline backend
# Bytecode is written as modules are first imported (uv installs none): with PYTHONDONTWRITEBYTECODE set, every
# process and kernel would compile pandas and matplotlib again
unexport PYTHONDONTWRITEBYTECODE
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
LONGEST_FIRST := $(shell ls -S $(NOTEBOOKS))  # for the tests: the longest notebooks start first, on both workers
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help run test lint data data-check bench lab site test-browser lock clean-venv

help:  ## list the targets (this)
	@echo "make <target>   (the two that matter: make run, make test)"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  \1\t/' | expand -t 16

$(STAMP): requirements.txt pyproject.toml jupyter-config/factcheck.json
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required; set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	$(call INSTALL,-r requirements.txt)
	$(call INSTALL,--no-deps --no-build-isolation -e .)
	mkdir -p $(dir $(JUPYTER_CONFIG)) && cp jupyter-config/factcheck.json $(JUPYTER_CONFIG)
	touch $(STAMP)

$(SITE_STAMP): $(STAMP) requirements-site.txt
	$(call INSTALL,-r requirements.txt -r requirements-site.txt)
	touch $(SITE_STAMP)

run: $(STAMP)  ## execute in place, in parallel, the notebooks whose inputs changed (FORCE=1: all); writes figures/
	$(BIN)/factcheck-claims set-aside --if-stale
	$(BIN)/factcheck-run $(if $(FORCE),--force) $(NOTEBOOKS)

test: lint $(STAMP)  ## lint, then unit tests and nbval (strict) on every notebook's committed outputs, 2 at a time
	$(BIN)/python -m pytest -q -n 2 --dist loadscope --nbval --nbval-current-env $(LONGEST_FIRST) tests --ignore=tests/browser

lint: $(STAMP)  ## ruff over the package, the tests and the notebooks (configuration in pyproject.toml)
	$(BIN)/ruff check --quiet src tests notebooks benchmarks

data: $(STAMP)  ## build from the network (or DATA_MIRROR=dir), run the notebooks on it (no verdict may flip), commit
	$(BIN)/factcheck-data build
	$(BIN)/factcheck-claims verify --staged
	$(BIN)/factcheck-data commit

data-check: $(STAMP)  ## rebuild into a scratch folder; fail if any table differs from the committed one
	$(BIN)/factcheck-data check

bench: $(STAMP)  ## time make run FORCE=1 against sequential nbconvert, make run unchanged, warm make test, make data, load()
	$(BIN)/python benchmarks/bench.py

site: $(SITE_STAMP)  ## build the static site into _build/html/ from the committed notebooks (not run)
	$(BIN)/factcheck-site

test-browser: site  ## the site in headless Chromium (Debian's chromium), and a JupyterLab open-and-save
	$(BIN)/python -m pytest -q -n 2 tests/browser

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/

lock: $(SITE_STAMP)  ## rewrite requirements.txt from the installed set (after changing a pin)
	{ grep -e '^#' -e '^setuptools==' requirements.txt; { test -x $(BIN)/uv && $(BIN)/uv pip freeze --python $(BIN)/python --exclude-editable \
	  || $(BIN)/python -m pip freeze --exclude-editable; } \
	  | grep -v -e '^factcheck' -e '^setuptools==' -e '^uv==' | grep -v -i -x -F -f <(grep -v '^#' requirements-site.txt); } \
	  > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt

clean-venv:  ## remove .venv (the next make creates it again)
	rm -rf $(VENV)
