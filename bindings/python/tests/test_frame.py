"""screen_many on pandas DataFrames: columns in (dotted fact paths, nested dicts, every common
dtype), one row per case out, bad rows reported in `error` without losing the others, and every
row exactly what rules.screen gives for the same record (the column encoder agrees with Decode)."""

import datetime as dt
import json
import random

import pytest

import threshold

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

AS_OF = "2026-01-05"


def _na(value):
    return value is None or (isinstance(value, float) and np.isnan(value))


def _expected_row(rules, record, as_of=AS_OF):
    """What a row should hold, from rules.screen on the same record (or its CaseError)."""
    try:
        result = rules.screen(record, as_of=as_of)
    except threshold.CaseError as error:
        return {"error": error.errors, "case_id": error.case_id}
    row = {"case_id": result["case_id"], "next_question": (result["next_question"] or {}).get("fact")}
    for review_id, review in result["reviews"].items():
        row[f"{review_id}.outcome"] = review["outcome"]
        row[f"{review_id}.possible"] = tuple(review["possible_outcomes"])
        row[f"{review_id}.missing"] = tuple(review["missing"])
        row[f"{review_id}.deadlines"] = {d["id"]: d["due"] for d in review["deadlines"]}
        row[f"{review_id}.flags"] = tuple(f["id"] for f in review["flags"])
        row[f"{review_id}.rule_set"] = review["rule_set"]["id"]
    return row


def _check_rows(rules, out, records, as_of=AS_OF):
    assert len(out) == len(records)
    for position, record in enumerate(records):
        expected = _expected_row(rules, record, as_of)
        got = out.iloc[position]
        if "error" in expected:
            assert got["errors"] == expected["error"], position
            assert isinstance(got["error"], str) and expected["error"][0]["code"] in got["error"]
            assert (None if _na(got["case_id"]) else got["case_id"]) == expected["case_id"], position
            for review in rules.reviews:
                assert _na(got[f"{review}.outcome"]) and got[f"{review}.possible"] is None
            continue
        assert _na(got["error"]) and got["errors"] is None, (position, got["error"])
        for key, value in expected.items():
            cell = got[key]
            if value is None:
                assert _na(cell), (position, key, cell)
            else:
                assert cell == value, (position, key, cell, value)


def test_caseload_frame_matches_screen_row_by_row(rules, caseload):
    frame = caseload.caseload_frame(3000, seed=11)
    out = rules.screen_many(frame, as_of=AS_OF)
    assert list(out.index) == list(frame.index)
    # Each row as the flat record (dotted names, NaN/NA/NaT, Timestamps) that rules.screen reads.
    _check_rows(rules, out, frame.to_dict(orient="records"))
    # The same referrals as nested records: the same outcomes.
    nested = rules.screen_many(caseload.caseload(3000, seed=11), as_of=AS_OF)
    for position, result in enumerate(nested):
        if "reviews" in result:
            assert out["sar.outcome"].iloc[position] == result["reviews"]["sar"]["outcome"] or (
                _na(out["sar.outcome"].iloc[position]) and result["reviews"]["sar"]["outcome"] is None)
    assert out["error"].notna().sum() >= 1  # the generator's data-entry slips
    assert out["error"].notna().sum() < 30


def test_output_columns(rules):
    out = rules.screen_many(pd.DataFrame({"subject.age": [84]}), as_of=AS_OF)
    expected = ["case_id"]
    for review in rules.reviews:
        expected += [f"{review}.{field}" for field in ("outcome", "possible", "missing", "deadlines", "flags",
                                                       "rule_set")]
    expected += ["next_question", "error", "errors"]
    assert list(out.columns) == expected


def test_nested_dict_columns_and_index(rules):
    records = [
        {"case_id": "a", "aware_date": "2025-09-15", "subject": {"age": 84, "in_area": True},
         "incident": {"died": True}},
        {"case_id": "b", "subject": None, "incident": {"died": False, "serious_harm": True}},
        {"case_id": "c", "subject": {"age": 300}, "incident": None},
        {"case_id": "d", "subject": {"agee": 3}},
        {"case_id": "e", "subject": "not an object"},
        {"case_id": "f", "subject": {"date_of_birth": "2009-05-10"}, "incident_date": "2025-05-10"},
    ]
    frame = pd.DataFrame(records, index=[10, 20, 30, 40, 50, 60])
    out = rules.screen_many(frame, as_of=AS_OF)
    assert list(out.index) == [10, 20, 30, 40, 50, 60]
    _check_rows(rules, out, records)
    assert out.loc[30, "errors"][0]["pointer"] == "/subject/age"
    assert out.loc[40, "errors"][0]["code"] == "E405"
    assert out.loc[50, "errors"][0]["code"] == "E401"


def test_dotted_column_overrides_nested_as_decode_does(rules):
    records = [{"subject": {"age": 10}, "subject.age": 40, "incident_date": "2025-05-10", "incident.died": True,
                "abuse_or_neglect": "known"}]
    frame = pd.DataFrame(records)
    _check_rows(rules, rules.screen_many(frame, as_of=AS_OF), records)


def test_dtypes(rules):
    n = 6
    frame = pd.DataFrame({
        "case_id": pd.array(["a", "b", None, "d", "e", "f"], dtype="string"),
        "aware_date": [dt.date(2025, 9, 15), pd.Timestamp("2025-09-16 23:59"), None, "2025-09-18", pd.NaT,
                       np.datetime64("2025-09-20")],
        "incident_date": pd.to_datetime(["2025-09-11", None, "2025-09-12", "2025-09-13", "2025-09-14",
                                         "2025-09-15"]),
        "decision_date": pd.to_datetime(["2025-10-01 10:00"] * n).tz_localize("Europe/London"),
        "subject.age": pd.array([84, None, 17, 30, 5, 65], dtype="Int64"),
        "perpetrator.age": [40.0, np.nan, 18.0, 30.0, 25.0, np.nan],
        "subject.in_area": [True, True, False, True, True, True],
        "subject.care_and_support_needs": pd.array([True, None, False, True, pd.NA, True], dtype="boolean"),
        "incident.died": [True, None, np.nan, pd.NA, False, True],
        "incident.location": pd.Categorical(["in_area", None, "outside_england", "in_area", "in_area", "in_area"]),
        "abuse_or_neglect": pd.array(["known", "suspected", None, "known", "not_suspected", "known"],
                                     dtype="string"),
        "death_from_abuse_or_neglect": np.array(["known", "suspected", "known", "known", "known", "known"]),
        "perpetrator.same_household": np.array([1, 0, 1, 1, 0, 1], dtype=np.int8).astype(bool),
    })
    out = rules.screen_many(frame, as_of=AS_OF)
    assert out["error"].isna().all(), out["error"].tolist()

    def plain(value):
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, float) and np.isnan(value):
            return None
        if isinstance(value, (pd.Timestamp, dt.datetime)):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, np.datetime64):
            return str(value)[:10]
        if isinstance(value, np.generic):
            return value.item()
        return value

    records = [{column: plain(frame[column].iloc[i]) for column in frame.columns} for i in range(n)]
    records = [{k: (int(v) if k.endswith(".age") and v is not None else v) for k, v in r.items()} for r in records]
    _check_rows(rules, out, records)


def test_bad_values_per_dtype_become_row_errors(rules):
    frame = pd.DataFrame({
        "case_id": ["ok", "int-bool", "age-float", "age-range", "date", "enum", "bool-str"],
        "incident.died": [True, 1, True, True, True, True, "yes"],
        "subject.age": [30.0, 30.0, 30.5, 131.0, 30.0, 30.0, 30.0],
        "aware_date": ["2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01", "01/01/2025", "2025-01-01",
                       "2025-01-01"],
        "abuse_or_neglect": ["known", "known", "known", "known", "known", "KNOWN", "known"],
    })
    out = rules.screen_many(frame, as_of=AS_OF)
    errors = {row.case_id: (row.errors[0]["code"], row.errors[0]["pointer"]) if row.errors else None
              for row in out[["case_id", "errors"]].itertuples()}
    assert errors == {"ok": None, "int-bool": ("E401", "/incident.died"), "age-float": ("E401", "/subject.age"),
                      "age-range": ("E402", "/subject.age"), "date": ("E403", "/aware_date"),
                      "enum": ("E404", "/abuse_or_neglect"), "bool-str": ("E401", "/incident.died")}
    assert out.loc[0, "sar.possible"]  # the good row was screened


def test_numeric_columns_of_the_wrong_type(rules):
    frame = pd.DataFrame({"case_id": [1, 2], "incident.died": [1, 0], "aware_date": [20250101, 20250102],
                          "abuse_or_neglect": [0.5, np.nan]})
    out = rules.screen_many(frame, as_of=AS_OF)
    codes = [sorted((e["code"], e["pointer"]) for e in errors) for errors in out["errors"]]
    assert codes[0] == [("E401", "/abuse_or_neglect"), ("E401", "/aware_date"), ("E401", "/incident.died"),
                        ("E408", "/case_id")]
    assert ("E401", "/abuse_or_neglect") not in codes[1]  # NaN is unknown


def test_derived_age_from_date_of_birth(rules):
    records = [
        {"subject.date_of_birth": "2009-05-10", "incident_date": "2025-05-10"},  # 16 on the day
        {"subject.date_of_birth": "2009-05-10", "incident_date": "2025-05-09"},  # 15
        {"subject.date_of_birth": "2009-05-10", "aware_date": "2027-05-10"},  # on the awareness date
        {"subject.date_of_birth": "2009-05-10", "aware_date": "2030-01-01", "incident_date": "2020-01-01"},
        {"subject.date_of_birth": "2009-05-10", "subject.age": 99},  # no date to work it out on
        {"subject.date_of_birth": "2026-05-10", "incident_date": "2025-05-10"},  # born after: E409
        {"subject.date_of_birth": "1800-01-01", "incident_date": "2025-05-10"},  # over 130: E402
    ]
    for record in records:
        record.update({"incident.died": True, "abuse_or_neglect": "known", "death_from_abuse_or_neglect": "known",
                       "perpetrator.relationship": "relative"})
    frame = pd.DataFrame(records)
    out = rules.screen_many(frame, as_of=AS_OF)
    _check_rows(rules, out, [{k: v for k, v in r.items()} for r in records])
    assert out["errors"].iloc[5][0]["code"] == "E409"
    assert out["errors"].iloc[6][0]["code"] == "E402"


def test_unknown_columns(rules):
    frame = pd.DataFrame({"subject.agee": [3], "team": ["north"]})
    with pytest.raises(threshold.CaseError) as info:
        rules.screen_many(frame)
    assert info.value.code == "E405"
    assert info.value.pointer == "/subject.agee"
    assert "subject.age" in str(info.value)
    out = rules.screen_many(frame, unknown_columns="ignore", as_of=AS_OF)
    assert out["error"].isna().all()
    with pytest.raises(threshold.OptionsError):
        rules.screen_many(frame, unknown_columns="sometimes")
    with pytest.raises(threshold.CaseError):
        rules.screen_many(pd.DataFrame({0: [1]}))


def test_duplicate_columns(rules):
    frame = pd.DataFrame([[1, 2]], columns=["subject.age", "subject.age"])
    with pytest.raises(threshold.OptionsError):
        rules.screen_many(frame)


def test_empty_frames(rules):
    out = rules.screen_many(pd.DataFrame({"subject.age": pd.Series([], dtype="Int64")}), as_of=AS_OF)
    assert len(out) == 0 and "sar.outcome" in out.columns
    out = rules.screen_many(pd.DataFrame(index=range(3)), as_of=AS_OF)
    assert len(out) == 3 and out["error"].isna().all()
    assert out["sar.possible"].map(len).min() >= 1


def test_options_apply_to_frames(rules):
    frame = pd.DataFrame([{"aware_date": "2025-07-07", "incident_date": "2025-07-05", "incident.died": True,
                           "incident.suicide": True, "coercive_control": "known",
                           "perpetrator.relationship": "intimate_partner"}])
    out = rules.screen_many(frame, as_of="2025-09-01", rule_sets={"dhr": "dardr_2024"})
    assert out.loc[0, "dhr.rule_set"] == "dardr_2024"
    with pytest.raises(threshold.OptionsError):
        rules.screen_many(frame, rule_sets={"dhr": "nope"})
    with pytest.raises(threshold.OptionsError):
        rules.screen_many(frame, as_of="2025-13-01")
    assert rules.screen_many(frame, as_of="2025-09-01", threads=1).equals(
        rules.screen_many(frame, as_of="2025-09-01", threads=2))


def _random_value(rng, fact):
    """A value for `fact` of a random kind: right, missing, or wrong in one of many ways."""
    kind = rng.random()
    if kind < 0.25:
        return rng.choice([None, float("nan"), pd.NA, pd.NaT])
    if kind < 0.35:
        return rng.choice([True, 3, -1, 2.5, 1e30, "text", "2025-02-29", "2024-02-29", [1], {"a": 1},
                           dt.date(2020, 1, 1), 2 ** 70, np.int64(7), np.float64(8.0), np.bool_(False)])
    t = fact["type"]
    if t == "boolean":
        return rng.choice([True, False, np.bool_(True)])
    if t == "integer":
        return rng.choice([rng.randint(fact["min"], fact["max"]), float(rng.randint(0, 100)), np.int32(40)])
    if t == "date":
        day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(6000))
        return rng.choice([day.isoformat(), day, pd.Timestamp(day), dt.datetime(day.year, day.month, day.day, 5)])
    if t == "enum":
        return rng.choice(fact["options"])
    return "free text"


def test_fuzz_encoder_agrees_with_decode(rules):
    """Random tables mixing right, missing and wrong values of every Python kind: each row is
    exactly what rules.screen gives (the fast column path agrees with Decode, errors included)."""
    rng = random.Random(20261122)
    facts = [f for f in rules.facts]
    for round_ in range(6):
        chosen = rng.sample(facts, k=min(len(facts), rng.randint(5, len(facts))))
        records = []
        for i in range(150):
            record = {"case_id": rng.choice([f"r{i}", None, f"r{i}", 5]) if round_ % 2 else f"r{i}"}
            for fact in chosen:
                record[fact["path"]] = _random_value(rng, fact)
            records.append(record)
        frame = pd.DataFrame(records, dtype=object)
        out = rules.screen_many(frame, as_of=AS_OF)
        _check_rows(rules, out, records)


def test_frame_from_json_lines(rules, caseload):
    records = caseload.caseload(500, seed=5)
    frame = pd.json_normalize(records)
    out = rules.screen_many(frame, as_of=AS_OF)
    listed = rules.screen_many(records, as_of=AS_OF)
    for position, result in enumerate(listed):
        if "error" in result:
            assert out["errors"].iloc[position] == result["errors"]
        else:
            for review_id, review in result["reviews"].items():
                outcome = out[f"{review_id}.outcome"].iloc[position]
                assert (None if _na(outcome) else outcome) == review["outcome"]
    json.dumps(out.drop(columns=["errors"]).head(20).to_dict(orient="records"), default=str)
