"""No error quotes the case: every public function and method, called with a wrongly typed value for
each of its arguments, raises an error that names the argument (TypeError, or OptionsError with the
argument's pointer; CaseError for a record) and never quotes any argument's value. A marker planted
in the record, the list of records and the DataFrame (its values and its column names) must appear
nowhere: not in str(e), repr(e), e.args, the formatted traceback, or any attribute of the error or of
the errors chained to it. (pybind11's own TypeError prints every argument, "Invoked with: ...".)"""

import datetime as dt
import traceback

import pytest

import threshold

MARKER = "MARKER-7f3a"

# The case_id is echoed in every result and error by contract (it identifies the case); the marker is
# everywhere else.
RECORD = {"case_id": "c-1", "subject": {"age": 30, "in_area": True}, "perpetrator": {"relationship": "relative"},
          "incident": {"died": True}, "Jane Smith " + MARKER: None}
GOOD = {"case_id": "c-2", "subject": {"age": 30, "in_area": True}, "incident": {"location": MARKER}}

# Wrong types for the options every screening function takes.
BAD_AS_OF = [5, 2.0, ["2025-01-01"], {"as_of": MARKER}, object(), b"2025-01-01", True]
BAD_RULE_SETS = [5, 2.0, MARKER, b"dhr", [MARKER], {"dhr": 5}, {5: "dhr_s9"}, {"dhr": None}, [("dhr",)], object()]
BAD_FLAGS = ["no", None, 1, 0, 2.0, [True], MARKER]
BAD_THREADS = [None, 2.0, "2", True, -1, 2**40, [2], MARKER, object()]
BAD_UNKNOWN_COLUMNS = [None, 5, True, MARKER, ["ignore"], b"ignore"]
BAD_NAMES = [None, 5, 2.0, b"sar", [MARKER], {"sar": MARKER}, object()]


def _texts(error):
    """Everything about an error a person could see, or a notebook could save."""
    seen = set()
    out = []
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        out += [str(error), repr(error), repr(error.args),
                "".join(traceback.format_exception(type(error), error, error.__traceback__))]
        for name, value in vars(error).items():
            out.append(f"{name}={value!r}")
        for name in ("message", "code", "pointer", "errors", "case_id", "diagnostics", "file"):
            out.append(repr(getattr(error, name, None)))
        error = error.__cause__ or error.__context__
    return out


def _raises(call, argument=None, kinds=(TypeError, threshold.ThresholdError)):
    """Calls `call`, which must raise one of `kinds` naming `argument` (in its message or pointer)
    without quoting the marker anywhere."""
    with pytest.raises(kinds) as info:
        call()
    error = info.value
    leaks = [text for text in _texts(error) if MARKER in text]
    assert not leaks, f"{type(error).__name__} quotes the case: {leaks[0][:300]}"
    assert "Invoked with" not in str(error)
    if argument is not None:
        pointer = getattr(error, "pointer", None) or ""
        assert argument in str(error) or pointer.lstrip("/").split("/")[0] == argument, (argument, str(error))
    return error


@pytest.fixture(scope="module")
def frame():
    pd = pytest.importorskip("pandas")
    return pd.DataFrame({"case_id": ["a", "b"], "subject.age": [30, 40], "incident.location": [MARKER, None]})


def test_screen(rules):
    for value in BAD_AS_OF:
        _raises(lambda: rules.screen(RECORD, as_of=value), "as_of")
    for value in BAD_RULE_SETS:
        _raises(lambda: rules.screen(RECORD, as_of="2025-01-01", rule_sets=value), "rule_sets")
    for value in BAD_FLAGS:
        _raises(lambda: rules.screen(RECORD, as_of="2025-01-01", why_not=value), "why_not")
    _raises(lambda: rules.screen(RECORD, "2025-01-01"))  # options are keywords
    _raises(lambda: rules.screen(RECORD, threads=1), "threads")


@pytest.mark.parametrize("method", ["explain", "questions"])
def test_explain_and_questions(rules, method):
    function = getattr(rules, method)
    for value in BAD_AS_OF:
        _raises(lambda: function(RECORD, as_of=value), "as_of")
    for value in BAD_RULE_SETS:
        _raises(lambda: function(RECORD, as_of="2025-01-01", rule_sets=value), "rule_sets")
    _raises(lambda: function(RECORD, why_not=False), "why_not")


def test_records_of_the_wrong_type_are_case_errors(rules):
    """A record that is not one: CaseError (E406, or E401 for a value inside it that has no JSON
    form, E407 for text that is not JSON), whatever function reads it."""
    class Opaque:
        def __repr__(self):
            return MARKER

    bad = [None, 5, 2.5, True, [MARKER], (MARKER,), {MARKER}, Opaque(), MARKER.encode(), MARKER,
           {"subject": {"age": {MARKER}}}, {"subject": {"age": Opaque()}}, {"subject": {3: MARKER}},
           {"subject": {"age": [MARKER]}}, {"subject": {"age": MARKER}}, {"Jane Smith " + MARKER: Opaque()}]
    for record in bad:
        calls = [lambda: rules.screen(record, as_of="2025-01-01"), lambda: rules.explain(record, as_of="2025-01-01"),
                 lambda: rules.questions(record, as_of="2025-01-01")]
        if record is not None:  # graph's case is optional: None is no case
            calls.append(lambda: rules.graph("sar", record))
        for call in calls:
            _raises(call, kinds=threshold.CaseError)


def test_screen_many_on_a_list(rules):
    records = [RECORD, GOOD, MARKER, {"subject": {"age": MARKER}}]
    for value in BAD_AS_OF:
        _raises(lambda: rules.screen_many(records, as_of=value), "as_of")
    for value in BAD_RULE_SETS:
        _raises(lambda: rules.screen_many(records, as_of="2025-01-01", rule_sets=value), "rule_sets")
    for value in BAD_THREADS:
        _raises(lambda: rules.screen_many(records, as_of="2025-01-01", threads=value), "threads")
    for value in BAD_UNKNOWN_COLUMNS:
        _raises(lambda: rules.screen_many(records, as_of="2025-01-01", unknown_columns=value), "unknown_columns")
    _raises(lambda: rules.screen_many(records, as_of="2025-01-01", why_not=False), "why_not")
    for cases in (5, None, MARKER, MARKER.encode(), {"case_id": MARKER}, object()):
        _raises(lambda: rules.screen_many(cases, as_of="2025-01-01"), "cases")


def test_screen_many_on_a_dataframe(rules, frame):
    pd = pytest.importorskip("pandas")
    for value in BAD_AS_OF:
        _raises(lambda: rules.screen_many(frame, as_of=value), "as_of")
    for value in BAD_RULE_SETS:
        _raises(lambda: rules.screen_many(frame, as_of="2025-01-01", rule_sets=value), "rule_sets")
    for value in BAD_THREADS:
        _raises(lambda: rules.screen_many(frame, as_of="2025-01-01", threads=value), "threads")
    for value in BAD_UNKNOWN_COLUMNS:
        _raises(lambda: rules.screen_many(frame, as_of="2025-01-01", unknown_columns=value), "unknown_columns")
    _raises(lambda: rules.screen_many(pd.Series([MARKER]), as_of="2025-01-01"), "cases")
    # Column names that may be data: unknown, duplicated, or not strings at all.
    for columns in ([MARKER], ["Jane Smith " + MARKER], [(MARKER, "age")], ["case_id", MARKER + " x"]):
        named = pd.DataFrame([[1] * len(columns)], columns=pd.Index(columns, tupleize_cols=False))
        _raises(lambda: rules.screen_many(named, as_of="2025-01-01"), kinds=threshold.CaseError)
    duplicated = pd.DataFrame([[1, 2]], columns=[MARKER, MARKER])
    _raises(lambda: rules.screen_many(duplicated, as_of="2025-01-01"), kinds=threshold.OptionsError)


def test_graph(rules):
    for value in BAD_NAMES:
        _raises(lambda: rules.graph(value, RECORD), "regime")
        if value is not None:  # rule_set=None is the default
            _raises(lambda: rules.graph("sar", RECORD, rule_set=value), "rule_set")
    for value in BAD_AS_OF:
        _raises(lambda: rules.graph("sar", RECORD, as_of=value), "as_of")
    for value in BAD_RULE_SETS:
        _raises(lambda: rules.graph("sar", RECORD, rule_sets=value), "rule_sets")


def test_getting_rules():
    for path in (None, 5, [MARKER], {MARKER: 1}, object()):
        _raises(lambda: threshold.Rules.load(path), "path")
    for sources in (5, None, MARKER, MARKER.encode(), [MARKER], [(MARKER,)], {MARKER: 5}, {5: MARKER},
                    [(MARKER, None)], {MARKER: MARKER.encode()}):
        _raises(lambda: threshold.Rules.compile(sources), "sources")
    _raises(lambda: threshold.Rules(MARKER))
    _raises(lambda: threshold.Rules.builtin(MARKER))


def test_other_classes(rules):
    _raises(lambda: threshold.Graph(5))
    _raises(lambda: threshold.Graph([MARKER]))
    _raises(lambda: rules.schema(RECORD))


def test_the_native_module_s_own_type_errors_are_withheld(rules, frame, monkeypatch):
    """Second line of defence: should a wrongly typed argument get past the checks, the native
    module's TypeError (whose text lists every argument: the records) is raised again without it,
    and without keeping the original as its __context__."""
    from threshold import _checks

    monkeypatch.setattr(_checks, "threads", lambda value: value)  # a check that lets anything through
    monkeypatch.setattr(_checks, "flag", lambda argument, value: value)
    monkeypatch.setattr(_checks, "as_of", lambda value: value)
    calls = [lambda: rules.screen_many([RECORD, GOOD], threads="two"),
             lambda: rules.screen_many(frame, threads=2.5),
             lambda: rules.screen(RECORD, why_not="no"),
             lambda: rules.explain(RECORD, as_of=dt.date(2025, 1, 1)),
             lambda: rules.questions(RECORD, as_of=5),
             lambda: rules.graph("sar", RECORD, as_of=[MARKER])]
    for call in calls:
        error = _raises(call, kinds=TypeError)
        assert error.__context__ is None and error.__cause__ is None
