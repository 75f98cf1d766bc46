"""The package's API: getting rules, screening one record, options, errors and their structure."""

import datetime as dt
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

import threshold
from conftest import ROOT

README_CASE = {"case_id": "SAB-2025-0412", "aware_date": "2025-09-15", "incident_date": "2025-09-11",
               "subject": {"age": 84, "in_area": True, "care_and_support_needs": True},
               "incident": {"died": True}, "death_from_abuse_or_neglect": "suspected"}


def test_module_surface():
    for name in ("Rules", "Result", "Graph", "ThresholdError", "RuleError", "CaseError", "OptionsError", "Diagnostic"):
        assert name in threshold.__all__
        assert hasattr(threshold, name)
    assert isinstance(threshold.__version__, str) and threshold.__version__.count(".") == 2
    assert issubclass(threshold.RuleError, threshold.ThresholdError)
    assert issubclass(threshold.CaseError, threshold.ThresholdError)
    assert issubclass(threshold.CaseError, ValueError)
    assert issubclass(threshold.OptionsError, threshold.ThresholdError)


def test_builtin_rules_identity(rules):
    assert rules.name == "england"
    assert rules.version
    assert rules.digest.startswith("sha256:") and len(rules.digest) == 7 + 64
    assert sorted(rules.reviews) == ["cdr", "cspr", "dhr", "owhr", "sar"]
    assert threshold.Rules.builtin() is rules  # compiled once per process
    assert "england" in repr(rules)


def test_facts_describe_each_slot_once(rules):
    paths = [f["path"] for f in rules.facts]
    assert len(paths) == len(set(paths))
    age = next(f for f in rules.facts if f["path"] == "subject.age")
    assert age["type"] == "integer" and age["min"] == 0 and age["max"] == 130 and age["derived"]
    location = next(f for f in rules.facts if f["path"] == "incident.location")
    assert location["type"] == "enum" and "in_area" in location["options"]
    assert len(location["labels"]) == len(location["options"])


def test_load_directory_matches_builtin(rules):
    loaded = threshold.Rules.load(ROOT / "rules" / "england")
    assert loaded.digest == rules.digest
    assert loaded.screen(README_CASE, as_of="2025-10-01") == rules.screen(README_CASE, as_of="2025-10-01")


def test_readme_example(rules):
    result = rules.screen(README_CASE, as_of="2025-10-01")
    assert isinstance(result, dict) and isinstance(result, threshold.Result)
    sar = result["reviews"]["sar"]
    assert sar["outcome"] is None and not sar["determined"]
    assert sar["possible_outcomes"] == ["mandatory", "discretionary"]
    assert sar["missing"] == ["concern_agencies_worked_together"]
    assert result["next_question"]["fact"] == "concern_agencies_worked_together"
    assert result["case_id"] == "SAB-2025-0412"
    assert result.outcomes["sar"] is None
    assert list(result)[:5] == ["case_id", "as_of", "engine", "rules", "reviews"]  # the contract's order
    json.dumps(result)  # plain JSON types only


def test_record_forms_give_the_same_result(rules):
    pd = pytest.importorskip("pandas")
    expected = rules.screen(README_CASE, as_of="2025-10-01")
    assert rules.screen(json.dumps(README_CASE), as_of="2025-10-01") == expected
    assert rules.screen(json.dumps(README_CASE).encode(), as_of="2025-10-01") == expected
    dotted = {"case_id": "SAB-2025-0412", "aware_date": "2025-09-15", "incident_date": "2025-09-11",
              "subject.age": 84, "subject.in_area": True, "subject.care_and_support_needs": True,
              "incident.died": True, "death_from_abuse_or_neglect": "suspected"}
    assert rules.screen(dotted, as_of="2025-10-01") == expected
    assert rules.screen(pd.Series(dotted), as_of="2025-10-01") == expected
    with_objects = dict(dotted, aware_date=dt.date(2025, 9, 15), incident_date=pd.Timestamp("2025-09-11 13:45"))
    assert rules.screen(with_objects, as_of=dt.date(2025, 10, 1)) == expected
    with_unknowns = dict(dotted, **{"perpetrator.age": None, "coercive_control": float("nan"),
                                    "incident.suicide": pd.NA, "notified_date": pd.NaT})
    assert rules.screen(with_unknowns, as_of=dt.datetime(2025, 10, 1, 9, 30)) == expected


def test_numpy_scalars_are_values(rules):
    np = pytest.importorskip("numpy")
    record = dict(README_CASE, subject={"age": np.int64(84), "in_area": np.bool_(True),
                                        "care_and_support_needs": True})
    assert rules.screen(record, as_of="2025-10-01") == rules.screen(README_CASE, as_of="2025-10-01")
    record["incident_date"] = np.datetime64("2025-09-11")
    assert rules.screen(record, as_of="2025-10-01") == rules.screen(README_CASE, as_of="2025-10-01")


def test_as_of_defaults_to_today(rules):
    assert rules.screen({})["as_of"] == dt.date.today().isoformat()


def test_rule_sets_force_a_rule_set(rules):
    record = {"aware_date": "2025-07-07", "incident_date": "2025-07-05", "incident": {"died": True, "suicide": True},
              "coercive_control": "known", "perpetrator": {"relationship": "intimate_partner"}}
    forced = rules.screen(record, as_of="2025-09-01", rule_sets={"dhr": "dardr_2024"})
    assert forced["reviews"]["dhr"]["rule_set"]["id"] == "dardr_2024"
    assert forced["reviews"]["dhr"]["rule_set"]["chosen_by"] == "explicit"
    assert rules.screen(record, as_of="2025-09-01", rule_sets=[("dhr", "dardr_2024")]) == forced
    assert "warning" not in forced


@pytest.mark.parametrize("options, pointer", [
    ({"as_of": "2025-02-30"}, "/as_of"),
    ({"as_of": "yesterday"}, "/as_of"),
    ({"as_of": 20250101}, "/as_of"),
    ({"rule_sets": {"dhr": "no_such_set"}}, "/rule_sets/dhr"),
    ({"rule_sets": {"nope": "dhr_s9"}}, "/rule_sets/nope"),
    ({"rule_sets": {"dhr": 3}}, "/rule_sets"),
])
def test_bad_options_raise_options_error(rules, options, pointer):
    with pytest.raises(threshold.OptionsError) as info:
        rules.screen({}, **options)
    assert info.value.pointer == pointer
    assert info.value.code == "options"
    assert isinstance(info.value, ValueError)


def test_case_error_structure_and_privacy(rules):
    record = {"case_id": "c-9", "subject": {"age": 1234, "agee": 5}, "aware_date": "1999-13-45",
              "perpetrator": {"relationship": "neighbour-from-number-17"}}
    with pytest.raises(threshold.CaseError) as info:
        rules.screen(record)
    error = info.value
    assert error.case_id == "c-9"
    codes = {(e["code"], e["pointer"]) for e in error.errors}
    assert ("E402", "/subject/age") in codes
    assert ("E405", "/subject/agee") in codes
    assert ("E403", "/aware_date") in codes
    assert ("E404", "/perpetrator/relationship") in codes
    assert error.code == error.errors[0]["code"] and error.pointer == error.errors[0]["pointer"]
    assert error.message == error.errors[0]["message"]
    text = str(error) + repr(error) + json.dumps(error.errors)
    for value in ("1234", "1999-13-45", "neighbour-from-number-17"):
        assert value not in text  # errors name fields, never values
    assert error.file is None and error.line is None


def test_unreadable_python_values_are_case_errors(rules):
    with pytest.raises(threshold.CaseError) as info:
        rules.screen({"subject": {"age": {1, 2}}})
    assert info.value.code == "E401" and info.value.pointer == "/subject/age"
    with pytest.raises(threshold.CaseError) as info:
        rules.screen({"subject": {3: True}})
    assert info.value.pointer == "/subject"
    with pytest.raises(threshold.CaseError) as info:
        rules.screen([1, 2])
    assert info.value.code == "E406"
    with pytest.raises(threshold.CaseError) as info:
        rules.screen(42)
    assert info.value.code == "E406"
    with pytest.raises(threshold.CaseError) as info:
        rules.screen("{not json")
    assert info.value.code == "E407"


def _broken_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "england", pack)
    sar = (pack / "sar.rules").read_text()
    assert "subject.care_and_support_needs" in sar
    (pack / "sar.rules").write_text(sar.replace("subject.care_and_support_needs", "subject.care_and_suport_needs", 1))
    return pack


def test_rule_error_carries_diagnostics(tmp_path):
    pack = _broken_pack(tmp_path)
    with pytest.raises(threshold.RuleError) as info:
        threshold.Rules.load(pack)
    error = info.value
    assert error.diagnostics, "at least one diagnostic"
    first = next(d for d in error.diagnostics if d.severity == "error")
    assert isinstance(first, threshold.Diagnostic)
    assert first.file == "sar.rules" and first.line > 0 and first.column > 0
    assert first.code.startswith("E2")
    assert (error.code, error.file, error.line, error.column) == (first.code, first.file, first.line, first.column)
    assert f"sar.rules:{first.line}:{first.column}: error:" in str(error)
    assert "care_and_support_needs" in first.message  # did you mean ...?


def test_compile_from_memory(tmp_path, rules):
    sources = {p.name: p.read_text() for p in (ROOT / "rules" / "england").iterdir()
               if p.suffix in (".rules", ".txt")}
    compiled = threshold.Rules.compile(sources)
    assert compiled.digest == rules.digest
    sources["sar.rules"] = sources["sar.rules"] + "\nthis is not a rule\n"
    with pytest.raises(threshold.RuleError) as info:
        threshold.Rules.compile(sources)
    assert info.value.diagnostics[0].code.startswith("E1")
    assert info.value.file == "sar.rules"


def test_unreadable_directory_is_rule_error(tmp_path):
    with pytest.raises(threshold.RuleError) as info:
        threshold.Rules.load(tmp_path / "missing")
    assert info.value.code == "E308"


def test_questions(rules):
    questions = rules.questions(README_CASE, as_of="2025-10-01")
    assert questions[0]["fact"] == "concern_agencies_worked_together"
    assert questions[0]["type"] == "boolean" and questions[0]["reviews"] == ["sar"]
    assert questions[0]["question"] and questions[0]["why"]
    enums = [q for q in rules.questions({}, as_of="2025-10-01") if q["type"] == "enum"]
    assert enums and all(o["value"] and o["label"] for q in enums for o in q["options"])


def test_schema(rules):
    schema = rules.schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "subject" in schema["properties"]


def test_explain(rules):
    text = rules.explain(README_CASE, as_of="2025-10-01")
    assert "Safeguarding Adults Review" in text or "sar" in text
    assert "concern_agencies_worked_together" in text


def test_graph(rules):
    graph = rules.graph("sar")
    assert str(graph).startswith("digraph")
    assert graph.dot == str(graph)
    coloured = rules.graph("sar", README_CASE, as_of="2025-10-01")
    assert "This case" in str(coloured)
    assert str(rules.graph("dhr", rule_set="dardr_2024")) != str(rules.graph("dhr"))
    with pytest.raises(threshold.OptionsError):
        rules.graph("nope")
    with pytest.raises(threshold.OptionsError):
        rules.graph("sar", rule_set="nope")
    with pytest.raises(threshold.CaseError):
        rules.graph("sar", {"subject": {"age": -1}})


def test_screen_many_records(rules):
    records = [README_CASE, {"case_id": "bad", "subject": {"age": "old"}}, json.dumps(README_CASE), {}]
    results = rules.screen_many(records, as_of="2025-10-01")
    assert len(results) == 4
    assert results[0] == rules.screen(README_CASE, as_of="2025-10-01")
    assert results[2] == results[0]
    assert results[1]["case_id"] == "bad" and results[1]["error"]["pointer"] == "/subject/age"
    assert results[1]["errors"][0]["code"] == "E401"
    assert "reviews" in results[3]
    assert rules.screen_many(iter([]), as_of="2025-10-01") == []
    assert rules.screen_many((r for r in [README_CASE]), as_of="2025-10-01", threads=1) == results[:1]


def test_screen_many_releases_the_gil(rules, caseload):
    """While a batch is screened, other Python threads run: the longest pause the main thread sees
    is well short of the whole call."""
    pytest.importorskip("pandas")
    frame = caseload.caseload_frame(20_000, seed=3)
    frame = frame.loc[frame.index.repeat(3)].reset_index(drop=True)
    done = threading.Event()
    elapsed = []

    def work():
        start = time.perf_counter()
        rules.screen_many(frame, as_of="2026-01-05")
        elapsed.append(time.perf_counter() - start)
        done.set()

    thread = threading.Thread(target=work)
    ticks = []
    thread.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.0005)
    thread.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 5
    assert max(gaps) < 0.75 * elapsed[0], (max(gaps), elapsed[0])


def test_thread_safety_of_shared_rules(rules):
    expected = rules.screen(README_CASE, as_of="2025-10-01")
    failures = []

    def work():
        for _ in range(50):
            if rules.screen(README_CASE, as_of="2025-10-01") != expected:
                failures.append(1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
