# Two commands do all the set-up on a fresh machine:
#   make run    start the app on the embedded default graph (http://127.0.0.1:8501)
#   make test   run the whole test suite (installs Debian's chromium for the browser tests when run as root)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test bench browser clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

run: $(BIN)/.installed
	$(BIN)/streamlit run app.py

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install it (sudo apt-get install chromium) or the browser tests will be skipped"; fi; }

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache
