# Two commands matter: `make run` (rebuild every notebook and figure from committed data)
# and `make test` (unit tests + nbval on every notebook). Both create .venv if missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
unexport MPLBACKEND  # the notebooks need the inline backend
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: run test data data-check lab lock clean-venv

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required; set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)  ## re-execute every notebook in place from committed data; writes figures/
	$(BIN)/factcheck-run $(NOTEBOOKS)

test: $(STAMP)  ## unit tests, then nbval (strict) on every notebook's committed outputs
	$(BIN)/python -m pytest -q tests
	$(BIN)/python -m pytest -q -n 2 --dist loadscope --nbval --nbval-current-env $(NOTEBOOKS)

data: $(STAMP)  ## download raw files (or read DATA_MIRROR=dir) and rebuild data/processed + manifest
	$(BIN)/factcheck-data

data-check: $(STAMP)  ## rebuild into a scratch folder; fail if any table differs from the committed one
	$(BIN)/factcheck-data --check

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

lock: $(STAMP)  ## rewrite requirements.txt from the installed set (after changing a pin)
	{ grep -e '^#' -e '^setuptools==' requirements.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v -e '^factcheck' -e '^setuptools=='; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt

clean-venv:
	rm -rf $(VENV)
