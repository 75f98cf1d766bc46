#!/usr/bin/env bash
# Creates (once) the project's Python virtual environment in .venv with what the tests need:
# jsonschema (the schema tests) and pytest. Prints the path of its python.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv >&2
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt >&2
echo "$PWD/.venv/bin/python"
