"""The same value gets the same answer in every shell: the edge values of tests/shared/edge-values.json
(tiny, huge and infinite numbers, NaN, -0, lone surrogates, invalid UTF-8, field names that may hold
case data) through the command line (THRESHOLD_CLI), Python's rules.screen (JSON text, bytes, dicts),
rules.screen_many on a list and on a DataFrame. The browser module reads the same file
(bindings/wasm/tests/edge-values.test.mjs). Where a language cannot hold the value its JSON text
denotes, the file says what that shell gives instead, and why."""

import json
import math
import re
import subprocess

import pytest

import threshold
from conftest import ROOT

EDGE = json.loads((ROOT / "tests" / "shared" / "edge-values.json").read_text(encoding="utf-8"))
AS_OF = EDGE["as_of"]
CASES = EDGE["cases"]


def _number(text):
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else float(text)


def _value(value):
    """The file's value with each {"$number": TEXT} replaced by the number Python parses from TEXT."""
    if isinstance(value, dict):
        if set(value) == {"$number"}:
            return _number(value["$number"])
        return {key: _value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value


def _cli_bytes(case):
    if "bytes" in case:
        return bytes.fromhex(case["bytes"])
    return case["text"].encode("utf-8", "surrogatepass")  # a lone surrogate: the nearest a file can hold


def _answer(outcome):
    """(code, pointer, every message) of an error result or CaseError, or the result itself."""
    if isinstance(outcome, threshold.CaseError):
        return ("error", outcome.code, outcome.pointer, [e["message"] for e in outcome.errors] + [str(outcome)])
    if "error" in outcome and "reviews" not in outcome:
        return ("error", outcome["error"]["code"], outcome["error"]["pointer"],
                [e["message"] for e in outcome["errors"]])
    return ("result", outcome)


def _check(answer, expect, screen_same, where):
    if "same_as" in expect:
        assert answer[0] == "result", f"{where}: refused ({answer[1]} at {answer[2]!r}), expected a result"
        assert answer[1] == screen_same(expect["same_as"]), f"{where}: not the result of {expect['same_as']}"
        return
    assert answer[0] == "error", f"{where}: screened, expected {expect['code']} at {expect['pointer']!r}"
    assert (answer[1], answer[2]) == (expect["code"], expect["pointer"]), where
    if "hidden" in expect:
        assert not any(expect["hidden"] in message for message in answer[3]), f"{where}: the error quotes it"


def _screen(rules, record):
    try:
        return rules.screen(record, as_of=AS_OF)
    except threshold.CaseError as error:
        return error


def _every_case(select, run):
    """Runs `run` on every case `select` picks; fails listing every case that does not pass."""
    failures = []
    checked = 0
    for case in (c for c in CASES if select(c)):
        try:
            run(case)
            checked += 1
        except AssertionError as error:
            failures.append(f"{case['name']}: {str(error).splitlines()[0]}")
    assert not failures, "\n".join(failures)
    return checked


def test_cli_gives_the_answer_the_file_expects(cli):
    """The reference leg: the file's expect is what the command line gives (for the JSON text and
    bytes cases)."""
    names = " | ".join(case["name"] for case in CASES)
    for value in ("1e-400", "-1e-400", "17.0000000000000000001", "17.0 ", "1e300", "1e16", "2^63", "2^64", "-0 ",
                  "infinity", "NaN", "lone surrogate", "invalid UTF-8", "65 bytes", "person's name"):
        assert value in names, value
    texts = [case for case in CASES if "expect" in case]
    same = [case["expect"]["same_as"] for case in texts if "same_as" in case["expect"]]
    stdin = b"".join(_cli_bytes(case) + b"\n" for case in texts)
    stdin += b"".join(json.dumps(record).encode() + b"\n" for record in same)
    done = subprocess.run([cli, "screen", "--as-of", AS_OF, "-"], input=stdin, capture_output=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(lines) == len(texts) + len(same)
    results_of_same = {json.dumps(record, sort_keys=True): line for record, line in zip(same, lines[len(texts):])}
    by_name = {case["name"]: line for case, line in zip(texts, lines)}

    def run(case):
        line = dict(by_name[case["name"]])
        line.pop("input", None)
        _check(_answer(line), case["expect"], lambda record: results_of_same[json.dumps(record, sort_keys=True)],
               "CLI")

    assert _every_case(lambda c: "expect" in c, run) >= 20


def test_python_json_text_and_bytes_get_the_cli_answer(rules):
    def run(case):
        same = lambda record: rules.screen(json.dumps(record), as_of=AS_OF)  # noqa: E731
        if "text" in case:
            _check(_answer(_screen(rules, case["text"])), case["expect"], same, "str")
        _check(_answer(_screen(rules, _cli_bytes(case))), case["expect"], same, "bytes")
        [listed] = rules.screen_many([case.get("text", _cli_bytes(case))], as_of=AS_OF)
        _check(_answer(listed), case["expect"], same, "screen_many")

    assert _every_case(lambda c: "expect" in c, run) >= 20


def test_python_values_get_the_answer_the_file_gives_for_them(rules):
    def run(case):
        value = _value(case["value"])
        same = lambda record: rules.screen(json.dumps(record), as_of=AS_OF)  # noqa: E731
        _check(_answer(_screen(rules, value)), case["value_expect"], same, "dict")
        [listed] = rules.screen_many([value], as_of=AS_OF)
        _check(_answer(listed), case["value_expect"], same, "screen_many")

    assert _every_case(lambda c: "value" in c, run) >= 20


def test_dataframe_values_get_the_answer_the_file_gives_for_them(rules):
    """A one-row DataFrame with a column per top-level field, holding the value (nested dicts in
    object columns): the row's error, or the whole frame's E405 for a column that names no fact,
    has the expected code and pointer; a screened row is the same_as record's row."""
    pd = pytest.importorskip("pandas")

    def one_row(record):
        return pd.DataFrame({key: pd.Series([item], dtype=object) for key, item in record.items()}, index=range(1))

    def run(case):
        try:
            out = rules.screen_many(one_row(_value(case["value"])), as_of=AS_OF)
        except threshold.CaseError as error:
            answer = _answer(error)
        else:
            errors = out["errors"].iloc[0]
            answer = (("error", errors[0]["code"], errors[0]["pointer"],
                       [e["message"] for e in errors] + [out["error"].iloc[0]])
                      if errors else ("result", out.iloc[0].to_dict()))
        same = lambda record: rules.screen_many(one_row(record), as_of=AS_OF).iloc[0].to_dict()  # noqa: E731
        _check(answer, case["value_expect"], same, "DataFrame")

    assert _every_case(lambda c: "value" in c, run) >= 20


def test_numpy_and_pandas_infinities_are_out_of_range(rules):
    """numpy's infinities (every float width) and an infinity in a float column are refused (E402 at
    the fact), not read as unknown; NaN, pandas.NA and NaT stay unknown."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    for infinity in (np.float64("inf"), np.float32("-inf"), np.float16("inf"), np.longdouble("inf")):
        with pytest.raises(threshold.CaseError) as info:
            rules.screen({"subject": {"age": infinity}}, as_of=AS_OF)
        assert (info.value.code, info.value.pointer) == ("E402", "/subject/age"), type(infinity)
    frame = pd.DataFrame({"subject.age": [30.0, math.inf, -math.inf, math.nan],
                          "perpetrator.age": pd.array([1, None, 3, 4], dtype="Float64")})
    errors = rules.screen_many(frame, as_of=AS_OF)["errors"].tolist()
    assert errors[0] is None and errors[3] is None
    assert [(e["code"], e["pointer"]) for e in errors[1]] == [("E402", "/subject.age")]
    assert [(e["code"], e["pointer"]) for e in errors[2]] == [("E402", "/subject.age")]
    unknown = rules.screen({}, as_of=AS_OF)
    for missing in (float("nan"), np.float64("nan"), pd.NA, pd.NaT, None):
        assert rules.screen({"subject": {"age": missing}}, as_of=AS_OF) == unknown


def test_huge_python_integers_are_out_of_range(rules):
    for number in (2**63, 2**64, 2**70, -(2**70), 10**400, -(10**400)):
        with pytest.raises(threshold.CaseError) as info:
            rules.screen({"subject": {"age": number}}, as_of=AS_OF)
        assert (info.value.code, info.value.pointer) == ("E402", "/subject/age")
