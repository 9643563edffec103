# Factory Station — every target sets itself up: it creates .venv when missing and
# (re)installs the project when pyproject.toml changed, otherwise it starts at once.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test bench lint clean

setup: $(STAMP)

# Electric Imp's Node.js client (pinned in package-lock.json) for the emulator's conformance test.
IMP_NODE := tests/node/imp-central/node_modules/.package-lock.json
setup test: $(IMP_NODE)
$(IMP_NODE): tests/node/imp-central/package-lock.json
	npm ci --prefix tests/node/imp-central --no-audit --no-fund --loglevel=error

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/station demo

test: $(STAMP)
	$(BIN)/ruff check -q .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
