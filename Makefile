# The two commands a maintainer needs: `make serve` (or `make build`) and `make test`.
# Both create .venv with the pinned dependencies on first use.

VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build publish test test-engine benchmark lighthouse constraints clean zensical

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# The site to upload to a web host, in site/: SITE_URL=https://your.address/ make publish
# (stops if SITE_URL is unset or a placeholder; see "Publish" in README.md).
publish: $(VENV)/.installed
	EXPLAINER_PUBLISH=1 $(BIN)/mkdocs build --strict

# The test files run in parallel, one process per core (at most four; pytest-xdist): the
# sites they read are built once, by the first process that needs each (tests/conftest.py).
test: $(VENV)/.installed
	$(BIN)/pytest --numprocesses auto --maxprocesses 4 --dist loadfile

# The engine's tests alone (tests/engine/): they build the fixture explainers in tests/fixtures/,
# never docs/ or mkdocs.yml, so they pass in a repository that holds any explainer.
test-engine: $(VENV)/.installed
	$(BIN)/pytest tests/engine --numprocesses auto --maxprocesses 4 --dist loadfile

# How build time scales with pages and glossary terms (a few minutes; see benchmarks/README.md).
benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/build_benchmark.py

# The same site built with Zensical, installed in .venv with the tests' dependencies
# (README: "Building with Zensical").
zensical: $(VENV)/.installed
	$(BIN)/zensical build --clean

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
	rm -rf site $(VENV) .explainer-cache benchmarks/lighthouse/node_modules

# After changing a dependency in pyproject.toml: pin the whole tree again.
constraints: $(VENV)/.installed
	head -n 3 constraints.txt > constraints.new
	$(BIN)/pip freeze --exclude explainer-engine | sort -f -t= -k1,1 >> constraints.new
	mv constraints.new constraints.txt

# Reinstall whenever the pinned dependencies change. Editable: the engine (hooks/explainer,
# the package `explainer`) is used from this folder, so edits take effect at once.
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --constraint constraints.txt --editable ".[test]"
	touch $@
