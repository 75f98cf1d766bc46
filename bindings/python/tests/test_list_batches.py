"""screen_many on a list (any iterable that is not a DataFrame): a bad item never stops the others.
Each item that cannot be screened gets its error object in place, in the shape of the command line's
error line without "input" ({"case_id", "error": {"code", "pointer", "message"}, "errors"}), and every
other item is screened as rules.screen would screen it. Also: the working memory of a list batch does
not grow with the batch (benchmarks/list_memory.py)."""

import collections.abc
import json
import subprocess
import sys

import pytest

import threshold
from conftest import ROOT

AS_OF = "2025-10-01"
GOOD = {"case_id": "G-1", "aware_date": "2025-09-15", "incident_date": "2025-09-11",
        "subject": {"age": 84, "in_area": True, "care_and_support_needs": True},
        "incident": {"died": True}, "death_from_abuse_or_neglect": "suspected"}
OTHER = {"case_id": "G-2", "subject": {"age": 15}, "incident": {"died": False, "serious_harm": True}}


class BrokenMapping(collections.abc.Mapping):
    """A mapping that cannot be read: its items raise."""

    def __getitem__(self, key):
        raise KeyError(key)

    def __iter__(self):
        raise RuntimeError("this mapping cannot be read")

    def __len__(self):
        return 1


# (item, code, pointer of its first error)
BAD_ITEMS = [
    (None, "E406", ""),
    (7, "E406", ""),
    (2.5, "E406", ""),
    (True, "E406", ""),
    ([GOOD], "E406", ""),
    ({1, 2}, "E406", ""),
    (object(), "E406", ""),
    (BrokenMapping(), "E406", ""),
    ('{"case_id": "X", "subject": {"age": "\ud800"}}', "E407", ""),  # a lone surrogate in JSON text
    ('{"case_id": "\\ud800"}', "E407", ""),  # its JSON escape
    (b'{"case_id": "\xff"}', "E407", ""),  # invalid UTF-8
    (bytearray(b'{"subject": {"age": 200}}'), "E402", "/subject/age"),
    ("{not json", "E407", ""),
    ("", "E407", ""),
    ({"case_id": "B-1", "subject": {"age": float("inf")}}, "E402", "/subject/age"),
    ({"case_id": "B-2", "subject": {"age": {3, 4}}}, "E401", "/subject/age"),
    ({"case_id": "B-3", "subject": {"age": "\udc00"}}, "E407", ""),
    ({"case_id": "B-4", "Jane Smith": 1}, "E405", ""),
]


def _is_error_object(item):
    return (isinstance(item, dict) and set(item) == {"case_id", "error", "errors"}
            and item["error"] == item["errors"][0]
            and all(set(e) == {"code", "pointer", "message"} for e in item["errors"]))


def test_a_bad_item_gets_its_error_in_place(rules):
    failures = []
    for bad, code, pointer in BAD_ITEMS:
        try:
            results = rules.screen_many([GOOD, bad, OTHER], as_of=AS_OF)
            assert len(results) == 3
            assert results[0] == rules.screen(GOOD, as_of=AS_OF)
            assert results[2] == rules.screen(OTHER, as_of=AS_OF)
            error = results[1]
            assert _is_error_object(error), error
            assert isinstance(error, threshold.Result)  # shows as a table in Jupyter, like a result
            assert (error["error"]["code"], error["error"]["pointer"]) == (code, pointer)
            # The same error rules.screen raises for the item alone.
            with pytest.raises(threshold.CaseError) as info:
                rules.screen(bad, as_of=AS_OF)
            assert info.value.errors == error["errors"]
            assert info.value.case_id == error["case_id"]
            if isinstance(bad, dict):
                assert error["case_id"] == bad["case_id"]
        except Exception as failure:  # noqa: BLE001 (listed below, item by item)
            failures.append(f"{type(bad).__name__} item: {type(failure).__name__}: {str(failure)[:200]}")
    assert not failures, "\n".join(failures)


def test_every_bad_item_at_once_in_a_generator(rules):
    items = [GOOD] + [bad for bad, _, _ in BAD_ITEMS] + [OTHER]
    results = rules.screen_many((item for item in items), as_of=AS_OF, threads=1)
    assert len(results) == len(items)
    assert results[0] == rules.screen(GOOD, as_of=AS_OF) and results[-1] == rules.screen(OTHER, as_of=AS_OF)
    assert [r["error"]["code"] for r in results[1:-1]] == [code for _, code, _ in BAD_ITEMS]


def test_error_objects_match_the_command_line(rules, cli):
    """The error object of a bad line is the CLI's error line without "input"."""
    lines = ['{"case_id": "C-1", "subject": {"age": 300}}', "null", "7", "[1]", "{nope", '{"Jane Smith": 1}',
             '{"case_id": "C-2", "incident": {"died": "yes"}, "subject": {"agee": 3}}']
    done = subprocess.run([cli, "screen", "--as-of", AS_OF, "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=60)
    expected = [json.loads(line) for line in done.stdout.splitlines()]
    for line in expected:
        line.pop("input")
    assert rules.screen_many(lines, as_of=AS_OF) == expected
    readable = [i for i, line in enumerate(lines) if line != "{nope"]
    assert rules.screen_many([json.loads(lines[i]) for i in readable], as_of=AS_OF) == [expected[i] for i in readable]


def test_more_records_than_one_chunk(rules):
    """Results stay in order, with errors in place, across the chunks the records are screened in."""
    items = [dict(GOOD, case_id=f"G{i}") if i % 7 else None for i in range(2500)]
    results = rules.screen_many(items, as_of=AS_OF)
    assert len(results) == len(items)
    for i, result in enumerate(results):
        if i % 7:
            assert result["case_id"] == f"G{i}" and "reviews" in result
        else:
            assert result["error"]["code"] == "E406"
    assert results[1] == rules.screen(dict(GOOD, case_id="G1"), as_of=AS_OF)


def test_list_batch_working_memory_does_not_grow_with_the_batch():
    """5,000 records screened with each result let go as it is made: the process's memory rises by
    less than 1 KB per record (benchmarks/list_memory.py --discard). Building one JSON text of every
    result, as the list path once did, took over 100 KB per record. Two threads, whatever the
    machine: the memory that does not grow with the batch (one chunk's screenings, 64 records per
    thread) is then the same on every machine."""
    script = ROOT / "bindings" / "python" / "benchmarks" / "list_memory.py"
    done = subprocess.run([sys.executable, str(script), "5000", "--threads", "2", "--discard", "--check", "1024"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
