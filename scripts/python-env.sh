#!/usr/bin/env bash
# Creates (once) the project's Python virtual environment in .venv with what the tests need
# (scripts/requirements-test.txt) and the threshold package built from this tree (`pip install .`,
# bindings/python). Prints the path of its python on stdout; everything else goes to stderr.
#
# Fast when nothing changed: a stamp in .venv records a hash of everything the environment is made
# from (the requirements, pyproject.toml, and the sources the package is built from); when the hash
# matches and the package imports, nothing is run. When something changed, pip reinstalls the
# package with --no-build-isolation and a persistent build directory (build-python/), so only what
# changed is recompiled.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
python="$root/.venv/bin/python"
stamp="$root/.venv/threshold-env.sha256"

if [ ! -x "$python" ]; then
  python3 -m venv .venv >&2
fi

# The inputs, by content: a change anywhere in them (a rule file, a header, the binding) means the
# package must be rebuilt. The package's own tests are not part of it.
inputs_hash() {
  {
    sha256sum scripts/requirements-test.txt pyproject.toml CMakeLists.txt
    find cmake include src rules/england bindings/python -type f \
         ! -path 'bindings/python/tests/*' ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
    "$python" -c 'import sys; print(sys.version)'
  } | sha256sum | cut -d' ' -f1
}

hash="$(inputs_hash)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] &&
   "$python" -c 'import threshold' >/dev/null 2>&1; then
  echo "$python"
  exit 0
fi

rm -f "$stamp"
"$python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt >&2
echo "Building and installing the threshold Python package (bindings/python)..." >&2
"$python" -m pip install --quiet --disable-pip-version-check --no-build-isolation \
  --config-settings=build-dir=build-python . >&2
echo "$hash" > "$stamp"
echo "$python"
