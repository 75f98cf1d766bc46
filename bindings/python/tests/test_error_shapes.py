"""Errors say what was found and where, in the package's own classes, and quote a field name only when
it looks like one: a DataFrame value with no JSON form is described as what it is (not "an array");
JSON text with a lone surrogate is a CaseError (not a bare RuntimeError); a column or key that names
no fact is named in the error (message and pointer) only when the library's rule
(threshold::FieldNameIsShowable) says it may be, so that a CSV read without its header row, whose
first row of data becomes the column names, is never quoted."""

import io
import json

import pytest

import threshold

AS_OF = "2025-06-01"


def _all_text(error):
    return " ".join([str(error), repr(error), repr(error.args), json.dumps(getattr(error, "errors", None)),
                     repr(getattr(error, "pointer", None))])


def test_frame_values_with_no_json_form_are_described_as_what_they_are(rules):
    pd = pytest.importorskip("pandas")
    values = [{1, 2}, {3: True}, object()]
    frame = pd.DataFrame({"case_id": ["a", "b", "c"], "subject.age": pd.Series(values, dtype=object)})
    out = rules.screen_many(frame, as_of=AS_OF)
    for row, value in enumerate(values):
        errors = out["errors"].iloc[row]
        assert errors, row
        assert not any("array" in e["message"] for e in errors), errors  # a set or a dict is no array
        with pytest.raises(threshold.CaseError) as info:
            rules.screen({"case_id": "abc"[row], "subject.age": value}, as_of=AS_OF)
        assert errors == info.value.errors  # the same as the record the row stands for
    assert out["errors"].iloc[0][0]["code"] == "E401" and "set" in out["errors"].iloc[0][0]["message"]
    assert out["errors"].iloc[1][0]["pointer"] == "/subject.age"  # the dict, not a member of it


def test_a_lone_surrogate_in_json_text_is_a_case_error(rules):
    for text in ('{"case_id": "\ud800"}', '{"subject": {"age": 30}, "\udc00": 1}', "\ud800"):
        for call in (rules.screen, rules.explain, rules.questions):
            with pytest.raises(threshold.CaseError) as info:
                call(text, as_of=AS_OF)
            assert (info.value.code, info.value.pointer) == ("E407", "")


def test_a_lone_surrogate_in_a_frame_is_a_row_error(rules):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"case_id": ["ok", "\ud800"], "abuse_or_neglect": ["known", "known"]})
    out = rules.screen_many(frame, as_of=AS_OF)
    assert out["errors"].iloc[0] is None
    assert out["errors"].iloc[1][0]["code"] == "E407"


SHOWN = {"subjct": "/subjct", "subject.agee": "/subject.agee", "team_2": "/team_2", "a" * 64: "/" + "a" * 64}
WITHHELD = ["Jane Smith", "1979-01-02", "a" * 65, "01632 960001", "jane@example.org", "subject age", "Zoë", "_x-y", ""]


def test_unknown_column_names_follow_the_library_s_rule(rules):
    """A column that names no fact gets the library's E405 for that field name: quoted (with a
    did-you-mean) when it looks like a field name, withheld from the message and the pointer
    otherwise; exactly as rules.screen({name: 1}) reports it."""
    pd = pytest.importorskip("pandas")
    for name in list(SHOWN) + WITHHELD:
        with pytest.raises(threshold.CaseError) as info:
            rules.screen_many(pd.DataFrame({"subject.age": [3], name: [1]}), as_of=AS_OF)
        error = info.value
        assert (error.code, error.pointer) == ("E405", SHOWN.get(name, "")), name
        assert "unknown_columns='ignore'" in error.message
        if name in SHOWN:
            assert name in error.message
        elif name:
            assert name not in _all_text(error), name
        with pytest.raises(threshold.CaseError) as record_error:
            rules.screen({name: 1}, as_of=AS_OF)
        assert (record_error.value.code, record_error.value.pointer) == (error.code, error.pointer), name
        assert error.message.startswith(record_error.value.message)
    with pytest.raises(threshold.CaseError) as info:
        rules.screen_many(pd.DataFrame({"subjct": [3]}), as_of=AS_OF)
    assert "did you mean '/subject'" in info.value.message
    with pytest.raises(threshold.CaseError) as info:
        rules.screen_many(pd.DataFrame({"subject.agee": [3]}), as_of=AS_OF)
    assert "did you mean '/subject.age'" in info.value.message


def test_a_csv_read_without_its_header_row_is_never_quoted(rules):
    pd = pytest.importorskip("pandas")
    csv = "Jane Smith,1979-01-02,17 Acacia Avenue\nJohn Smith,1980-03-04,18 Acacia Avenue\n"
    secrets = ("Jane", "1979-01-02", "Acacia")
    for frame in (pd.read_csv(io.StringIO(csv)), pd.read_csv(io.StringIO(csv), header=None)):
        with pytest.raises(threshold.CaseError) as info:
            rules.screen_many(frame, as_of=AS_OF)
        assert (info.value.code, info.value.pointer) == ("E405", "")
        assert not any(secret in _all_text(info.value) for secret in secrets)
    duplicated = pd.DataFrame([[1, 2]], columns=["Jane Smith", "Jane Smith"])
    with pytest.raises(threshold.OptionsError) as info:
        rules.screen_many(duplicated, as_of=AS_OF)
    assert "Jane" not in _all_text(info.value)


def test_a_value_with_no_json_form_under_a_name_that_may_hold_data(rules):
    """The pointer of a value with no JSON form stops at the enclosing object when a key on the way
    may hold data, as the library's pointers do."""
    with pytest.raises(threshold.CaseError) as info:
        rules.screen({"subject": {"Jane Smith": {1, 2}}}, as_of=AS_OF)
    assert "Jane" not in _all_text(info.value)
    assert {e["pointer"] for e in info.value.errors} == {"/subject"}
    assert {e["code"] for e in info.value.errors} == {"E405", "E401"}
