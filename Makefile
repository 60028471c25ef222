# The two commands a maintainer needs: `make serve` (or `make build`) and `make test`.
# Both create .venv with the pinned dependencies on first use.

VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test benchmark lighthouse constraints clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed
	$(BIN)/pytest

# How build time scales with pages and glossary terms (a few minutes; see benchmarks/README.md).
benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/build_benchmark.py

# Lighthouse (pinned in benchmarks/lighthouse/) on every page of the built site, served
# with gzip on 127.0.0.1; needs Node and Chromium (CHROME_PATH, default /usr/bin/chromium).
# A few minutes; see benchmarks/README.md. LIGHTHOUSE_ARGS="--runs 5" passes options on.
LIGHTHOUSE := benchmarks/lighthouse/node_modules/.installed
lighthouse: build $(LIGHTHOUSE)
	$(BIN)/python benchmarks/lighthouse_benchmark.py $(LIGHTHOUSE_ARGS)

$(LIGHTHOUSE): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	cd benchmarks/lighthouse && npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf site $(VENV) benchmarks/lighthouse/node_modules

# After changing a dependency in pyproject.toml: pin the whole tree again.
constraints: $(VENV)/.installed
	head -n 3 constraints.txt > constraints.new
	$(BIN)/pip freeze --exclude social-credit-explainer >> constraints.new
	mv constraints.new constraints.txt

# Reinstall whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --constraint constraints.txt ".[test]"
	touch $@
