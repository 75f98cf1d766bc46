"""`threshold graph`: DOT that Graphviz accepts, for every review, with and without a case."""
import shutil
import subprocess

import pytest

from conftest import ROOT, run

REVIEWS = ["cspr", "sar", "dhr"]


def dot_accepts(source):
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def dot():
    if not shutil.which("dot"):
        pytest.skip("Graphviz 'dot' is not installed")


@pytest.mark.parametrize("review", REVIEWS)
def test_graph_of_each_review_is_accepted_by_dot(cli, dot, review):
    code, out, err = run(cli, "graph", "--regime", review)
    assert code == 0, err
    assert out.startswith(f'digraph "{review}"')
    assert "outcome:" in out and "condition:" in out and "fact:" in out
    status, problems = dot_accepts(out)
    assert status == 0, problems


def test_graph_coloured_by_a_case(cli, dot):
    case = ROOT / "examples" / "cases" / "care-home-neglect-death.json"
    code, out, err = run(cli, "graph", "--regime", "sar", "--case", str(case))
    assert code == 0, err
    assert "penwidth=3" in out  # the outcome reached is drawn bold
    assert "#c8e6c9" in out     # a condition met
    status, problems = dot_accepts(out)
    assert status == 0, problems


def test_graph_of_a_named_prospective_rule_set(cli, dot):
    code, out, err = run(cli, "graph", "--regime", "dhr", "--rule-set", "dardr_2024")
    assert code == 0, err
    assert dot_accepts(out)[0] == 0


def test_graph_unknown_review_is_a_usage_error(cli):
    code, _, err = run(cli, "graph", "--regime", "nope")
    assert code == 2 and "no review" in err
