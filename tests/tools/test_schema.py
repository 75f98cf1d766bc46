"""`threshold schema`: a valid draft 2020-12 schema that every example case record satisfies."""
import json

import jsonschema
import pytest

from conftest import run


@pytest.fixture(scope="module")
def schema(cli):
    code, out, err = run(cli, "schema")
    assert code == 0, err
    return json.loads(out)


def test_schema_is_valid_draft_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_rule_file_example_validates(schema, example_records):
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert len(example_records) > 50
    for example in example_records:
        errors = list(validator.iter_errors(example["record"]))
        assert not errors, (example["example"], [e.message for e in errors])


def test_every_example_case_file_validates(schema, example_cases):
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert example_cases
    for path in example_cases:
        record = json.loads(path.read_text())
        errors = list(validator.iter_errors(record))
        assert not errors, (path.name, [e.message for e in errors])


def test_schema_rejects_what_the_decoder_rejects(schema):
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = [
        {"subject": {"age": 131}},
        {"subject": {"agee": 3}},
        {"incident": {"died": "yes"}},
        {"abuse_or_neglect": "maybe"},
        {"incident_date": "2023-02-30"},
        {"case_id": 7},
    ]
    for record in bad:
        assert list(validator.iter_errors(record)), record


def test_titles_are_questions_and_enums_carry_labels(schema):
    age = schema["properties"]["subject"]["properties"]["age"]
    assert age["title"].endswith("?")
    assert age["minimum"] == 0 and age["maximum"] == 130
    assert age["x-sensitivity"] in {"low", "medium", "high"}
    abuse = schema["properties"]["abuse_or_neglect"]
    consts = {option.get("const"): option["title"] for option in abuse["oneOf"]}
    assert set(consts) >= {"known", "suspected", "not_suspected"}
    assert all(title for title in consts.values())
    assert schema["properties"]["incident_date"]["format"] == "date"
