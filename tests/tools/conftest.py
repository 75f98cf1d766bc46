"""Shared fixtures for the command-line tool tests: the built program and the example corpus."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("THRESHOLD_CLI")
    if not path:
        pytest.skip("THRESHOLD_CLI is not set (run through ctest)")
    return path


def run(cli, *args, stdin=None):
    """Runs the program; returns (exit code, stdout, stderr)."""
    done = subprocess.run([cli, *args], input=stdin, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="session")
def example_records(cli):
    code, out, err = run(cli, "test", "--print-records")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="session")
def example_cases():
    return sorted((ROOT / "examples" / "cases").glob("*.json"))
