"""The Python package and the command line give the same results on every example case of the rule
pack (`threshold test --print-records`): rules.screen, rules.screen_many (records and DataFrame),
rules.questions, rules.schema, rules.graph and rules.explain against the matching commands."""

import json
from collections import defaultdict

import pytest

import threshold
from conftest import ROOT, run


def _rule_set_args(rule_sets):
    args = []
    for review, rule_set in rule_sets:
        args += ["--rule-set", f"{review}={rule_set}"]
    return args


@pytest.fixture(scope="module")
def cli_results(cli, example_records):
    """The CLI's result for every example, one `threshold screen` run per (as_of, rule_sets)."""
    groups = defaultdict(list)
    for index, example in enumerate(example_records):
        key = (example["as_of"], tuple(tuple(pair) for pair in example["rule_sets"]))
        groups[key].append(index)
    results = [None] * len(example_records)
    for (as_of, rule_sets), indices in groups.items():
        stdin = "".join(json.dumps(example_records[i]["record"]) + "\n" for i in indices)
        code, out, err = run(cli, "screen", "--as-of", as_of, *_rule_set_args(rule_sets), "-", stdin=stdin)
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == len(indices)
        for i, line in zip(indices, lines):
            results[i] = json.loads(line)
    return results


def test_corpus_is_not_empty(example_records):
    assert len(example_records) >= 50


def test_screen_agrees_with_cli_on_every_example(rules, example_records, cli_results):
    for example, expected in zip(example_records, cli_results):
        got = rules.screen(example["record"], as_of=example["as_of"], rule_sets=example["rule_sets"])
        assert got == expected, example["example"]


def test_possible_outcomes_missing_and_assumptions_agree_with_cli(rules, example_records, cli_results):
    """The three fields a panel reads first, named (issue #13); the corpus must exercise each of them,
    or agreement over empty lists would prove little."""
    seen = {"undetermined": 0, "missing": 0, "assumptions": 0}
    for example, expected in zip(example_records, cli_results):
        got = rules.screen(example["record"], as_of=example["as_of"], rule_sets=example["rule_sets"])
        for review, want in expected["reviews"].items():
            for field in ("possible_outcomes", "missing", "assumptions"):
                assert got["reviews"][review][field] == want[field], (example["example"], review, field)
            seen["undetermined"] += not want["determined"]
            seen["missing"] += bool(want["missing"])
            seen["assumptions"] += bool(want["assumptions"])
    assert all(count > 0 for count in seen.values()), seen


def test_screen_of_json_text_agrees_with_cli(rules, example_records, cli_results):
    for example, expected in zip(example_records, cli_results):
        got = rules.screen(json.dumps(example["record"]), as_of=example["as_of"], rule_sets=example["rule_sets"])
        assert got == expected, example["example"]


def test_screen_many_records_agrees_with_cli(rules, example_records, cli_results):
    by_options = defaultdict(list)
    for index, example in enumerate(example_records):
        by_options[(example["as_of"], tuple(tuple(p) for p in example["rule_sets"]))].append(index)
    for (as_of, rule_sets), indices in by_options.items():
        got = rules.screen_many([example_records[i]["record"] for i in indices], as_of=as_of, rule_sets=rule_sets)
        assert got == [cli_results[i] for i in indices]


def test_screen_many_frame_agrees_with_cli(rules, example_records, cli_results):
    pd = pytest.importorskip("pandas")
    by_options = defaultdict(list)
    for index, example in enumerate(example_records):
        by_options[(example["as_of"], tuple(tuple(p) for p in example["rule_sets"]))].append(index)
    for (as_of, rule_sets), indices in by_options.items():
        frame = pd.json_normalize([example_records[i]["record"] for i in indices])
        out = rules.screen_many(frame, as_of=as_of, rule_sets=rule_sets)
        assert len(out) == len(indices)
        for row, i in enumerate(indices):
            expected = cli_results[i]
            name = example_records[i]["example"]
            assert out["error"].iloc[row] is None, name
            for review_id, review in expected["reviews"].items():
                outcome = out[f"{review_id}.outcome"].iloc[row]
                assert (outcome if isinstance(outcome, str) else None) == review["outcome"], name
                assert list(out[f"{review_id}.possible"].iloc[row]) == review["possible_outcomes"], name
                assert list(out[f"{review_id}.missing"].iloc[row]) == review["missing"], name
                assert list(out[f"{review_id}.flags"].iloc[row]) == [f["id"] for f in review["flags"]], name
                assert out[f"{review_id}.deadlines"].iloc[row] == {d["id"]: d["due"] for d in review["deadlines"]}, name
                rule_set = out[f"{review_id}.rule_set"].iloc[row]
                assert (rule_set if isinstance(rule_set, str) else None) == review["rule_set"]["id"], name
            question = out["next_question"].iloc[row]
            expected_question = expected["next_question"]["fact"] if expected["next_question"] else None
            assert (question if isinstance(question, str) else None) == expected_question, name


def test_questions_agree_with_cli(rules, cli, tmp_path):
    for case in sorted((ROOT / "examples" / "cases").glob("*.json")):
        code, out, err = run(cli, "questions", "--as-of", "2026-01-05", "--format", "json", str(case))
        assert code == 0, err
        record = json.loads(case.read_text())
        assert rules.questions(record, as_of="2026-01-05") == json.loads(out), case.name


def test_schema_agrees_with_cli(rules, cli):
    code, out, err = run(cli, "schema")
    assert code == 0, err
    assert rules.schema() == json.loads(out)


def test_graph_agrees_with_cli(rules, cli):
    case = ROOT / "examples" / "cases" / "care-home-neglect-death.json"
    record = json.loads(case.read_text())
    for review in rules.reviews:
        code, out, err = run(cli, "graph", "--regime", review)
        assert code == 0, err
        assert str(rules.graph(review)) == out
        code, out, err = run(cli, "graph", "--regime", review, "--case", str(case), "--as-of", "2026-01-05")
        assert code == 0, err
        assert str(rules.graph(review, record, as_of="2026-01-05")) == out


def test_explain_agrees_with_cli_text(rules, cli):
    for case in sorted((ROOT / "examples" / "cases").glob("*.json")):
        code, out, err = run(cli, "screen", "--format", "text", "--as-of", "2026-01-05", str(case))
        assert code == 0, err
        text = rules.explain(json.loads(case.read_text()), as_of="2026-01-05")
        assert out in (text, text + "-" * 78 + "\n"), case.name  # the CLI may rule off each note


def test_error_objects_agree_with_cli(rules, cli):
    records = [{"case_id": "bad-1", "subject": {"age": 1234}}, {"subject": {"agee": 3}, "aware_date": "2025-02-30"},
               {"case_id": 7}]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    code, out, err = run(cli, "screen", "--as-of", "2026-01-05", "-", stdin=stdin)
    assert code == 1
    expected = [json.loads(line) for line in out.splitlines()]
    got = rules.screen_many(records, as_of="2026-01-05")
    for g, e in zip(got, expected):
        e.pop("input")
        assert g == e
    for record, e in zip(records, expected):
        with pytest.raises(threshold.CaseError) as info:
            rules.screen(record, as_of="2026-01-05")
        assert info.value.errors == e["errors"]
        assert info.value.code == e["error"]["code"]
        assert info.value.pointer == e["error"]["pointer"]
        assert info.value.case_id == e["case_id"]


def test_engine_and_rules_identity_match_cli(rules, cli):
    code, out, err = run(cli, "--version")
    assert code == 0, err
    assert threshold.__version__ in out
    result = rules.screen({}, as_of="2026-01-05")
    assert result["engine"] == {"name": "threshold", "version": threshold.__version__}
    assert result["rules"] == {"name": rules.name, "version": rules.version, "digest": rules.digest}
