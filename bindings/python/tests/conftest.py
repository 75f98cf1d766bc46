"""Shared fixtures: the built-in rules, the command-line program (THRESHOLD_CLI, set by ctest) and
the repository's paths. The tests import the installed package (scripts/python-env.sh runs
`pip install .`), never the source folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# The installed package, not its source folder (which has no native module), even when pytest is
# started from bindings/python.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bindings" / "python"]
sys.path.insert(0, str(ROOT / "examples"))  # generate_caseload

import threshold  # noqa: E402


@pytest.fixture(scope="session")
def rules():
    return threshold.Rules.builtin()


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("THRESHOLD_CLI")
    if not path:
        pytest.skip("THRESHOLD_CLI is not set (run through ctest)")
    return path


def run(cli, *args, stdin=None):
    """Runs the program; returns (exit code, stdout, stderr)."""
    done = subprocess.run([cli, *args], input=stdin, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="session")
def example_records(cli):
    """Every example of the rule pack: {"example", "as_of", "rule_sets", "record"}."""
    code, out, err = run(cli, "test", "--print-records")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def caseload():
    import generate_caseload

    return generate_caseload
