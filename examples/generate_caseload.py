#!/usr/bin/env python3
"""Generates a synthetic caseload: seeded, made-up safeguarding referrals for examples and tests.

No real person is in it. The proportions are plausible for a partnership's referral stream over
2014 to 2025, not statistics of any real area:

- about a third of referrals are about children (some of them unborn or newborn), the rest about
  adults, older adults most often;
- about a quarter concern a death, the rest serious harm;
- abuse or neglect is known in about a third, suspected in over two fifths;
- the person suspected is most often a relative, then an intimate partner (among adults of working
  age), a paid carer (among older adults) or nobody (self-neglect);
- about one referral in eight gives a date of birth instead of an age;
- facts are left unknown as at referral: about 8% of answers overall, more in the latest year,
  whose cases are still being gathered, and the human-judgement questions are almost always open;
- about 3 rows in 1,000 have a data-entry error (an impossible age, date or option), so that the
  screening shows how a bad row is reported without losing the others.

Usage:
    python examples/generate_caseload.py [COUNT] [--seed N] > caseload.jsonl   # JSON Lines

From Python (the notebook does this):
    from generate_caseload import caseload, caseload_frame
    records = caseload(1000, seed=7)          # nested dicts, unknown facts left out
    frame = caseload_frame(10_000, seed=7)    # a pandas DataFrame, one column per fact path
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from typing import Any, Dict, List

__all__ = ["caseload", "caseload_frame", "referral"]

YEARS = list(range(2014, 2026))
# Referrals per year grow over the period (more awareness, more reporting).
YEAR_WEIGHTS = [60, 64, 68, 72, 78, 84, 80, 90, 96, 102, 108, 112]
KNOWLEDGE = ["known", "suspected", "not_suspected"]


def _date(day: dt.date) -> str:
    return day.isoformat()


def _pick(rng: random.Random, options: List[Any], weights: List[float]) -> Any:
    return rng.choices(options, weights)[0]


def referral(rng: random.Random, index: int) -> Dict[str, Any]:
    """One synthetic referral as a case record (nested dicts; unknown facts are left out)."""
    year = _pick(rng, YEARS, YEAR_WEIGHTS)
    incident = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    aware = incident + dt.timedelta(days=min(int(rng.expovariate(1 / 4)), 60))
    group = _pick(rng, ["child", "young_adult", "adult", "older_adult"], [34, 10, 26, 30])
    unborn = group == "child" and rng.random() < 0.015
    age = {"child": rng.choice([0, 0, 1, 2, 3] + list(range(0, 18))), "young_adult": rng.randint(18, 24),
           "adult": rng.randint(25, 64), "older_adult": rng.randint(65, 101)}[group]
    child = group == "child"
    died = rng.random() < (0.22 if child else 0.27)
    record: Dict[str, Any] = {
        "case_id": f"REF-{year}-{index:06d}",
        "aware_date": _date(aware),
        "incident_date": _date(incident),
        "subject": {},
        "incident": {"died": died},
        "perpetrator": {},
    }
    subject = record["subject"]
    if unborn:
        subject["unborn"] = True
    elif rng.random() < 0.12:
        birth = incident - dt.timedelta(days=int(age * 365.25) + rng.randrange(365))
        subject["date_of_birth"] = _date(birth)
    else:
        subject["age"] = age
    subject["in_area"] = rng.random() < 0.95
    subject["normally_resident_in_area"] = rng.random() < 0.88
    if child:
        subject["looked_after"] = rng.random() < 0.12
        if died and rng.random() < 0.3:
            subject["in_regulated_setting"] = rng.random() < 0.1
    else:
        needs = {"young_adult": 0.35, "adult": 0.45, "older_adult": 0.8}[group]
        subject["care_and_support_needs"] = rng.random() < needs
        if group == "young_adult":
            subject["care_leaver"] = rng.random() < 0.15
        if rng.random() < 0.05:
            subject["abuse_began_before_18"] = rng.random() < 0.5
    inc = record["incident"]
    if not died:
        inc["serious_harm"] = rng.random() < 0.75
        if child and inc["serious_harm"] and rng.random() < 0.2:
            inc["full_recovery"] = rng.random() < 0.4
    inc["location"] = _pick(rng, ["in_area", "elsewhere_in_england", "outside_england"], [90, 8, 2])
    if died:
        inc["suicide"] = rng.random() < (0.06 if child else 0.12)
    record["abuse_or_neglect"] = _pick(rng, KNOWLEDGE, [33, 44, 23])
    if died:
        record["death_from_abuse_or_neglect"] = _pick(rng, KNOWLEDGE, [22, 38, 40])
    perpetrator = record["perpetrator"]
    if child:
        relationship = _pick(rng, ["relative", "household_member", "other_kin", "stranger", "professional", "other",
                                   "none"], [55, 12, 6, 6, 4, 7, 10])
    elif group == "older_adult":
        relationship = _pick(rng, ["relative", "intimate_partner", "paid_carer", "household_member", "professional",
                                   "stranger", "none"], [34, 12, 20, 5, 6, 3, 20])
    else:
        relationship = _pick(rng, ["intimate_partner", "former_intimate_partner", "relative", "household_member",
                                   "lodger", "co_parent", "stranger", "other", "none"],
                             [30, 14, 18, 6, 2, 3, 6, 6, 15])
    perpetrator["relationship"] = relationship
    if relationship in ("intimate_partner", "former_intimate_partner", "co_parent"):
        record["coercive_control"] = _pick(rng, KNOWLEDGE, [30, 40, 30])
        perpetrator["age"] = max(16, min(95, age + rng.randint(-6, 10))) if age >= 16 else rng.randint(18, 40)
    elif relationship != "none" and rng.random() < 0.3:
        record["coercive_control"] = _pick(rng, KNOWLEDGE, [8, 20, 72])
    if relationship not in ("none", "stranger"):
        perpetrator["same_household"] = rng.random() < {"relative": 0.55, "intimate_partner": 0.8,
                                                         "paid_carer": 0.15, "household_member": 1.0,
                                                         "lodger": 1.0}.get(relationship, 0.25)
    if not child:
        record["concern_agencies_worked_together"] = rng.random() < 0.45
    if child and dt.date(2018, 6, 29) <= aware <= dt.date(2019, 9, 29):
        record["area"] = {"lscb_still_operating": rng.random() < 0.5}
    if child and (died or inc.get("serious_harm")) and rng.random() < 0.35:
        record["notified_date"] = _date(aware + dt.timedelta(days=rng.randint(1, 9)))
    if not child and rng.random() < 0.25:
        record["decision_date"] = _date(aware + dt.timedelta(days=rng.randint(7, 60)))
    if relationship == "paid_carer" and rng.random() < 0.1:
        record["judgement"] = {"paid_carer_is_household_member": rng.random() < 0.5}

    # Unknown as at referral: more in the latest year, whose cases are still being gathered.
    unknown = 0.14 if year == YEARS[-1] else 0.07
    for group_name in ("subject", "incident", "perpetrator"):
        for key in list(record[group_name]):
            if key != "unborn" and rng.random() < unknown:
                del record[group_name][key]
    for key in ("incident_date", "abuse_or_neglect", "death_from_abuse_or_neglect", "coercive_control",
                "concern_agencies_worked_together"):
        if key in record and rng.random() < unknown:
            del record[key]
    if rng.random() < 0.02:
        del record["aware_date"]

    # A few data-entry errors (about 3 in 1,000 rows).
    slip = rng.random()
    if slip < 0.001:
        record["subject"]["age"] = rng.choice([140, 250, 999])  # E402: outside 0 to 130
        record["subject"].pop("date_of_birth", None)
    elif slip < 0.002:
        record["aware_date"] = f"{year}-02-30"  # E403: no such date
    elif slip < 0.003:
        record["perpetrator"]["relationship"] = "partner"  # E404: not one of the options
    for group_name in ("subject", "incident", "perpetrator"):
        if not record[group_name]:
            del record[group_name]
    return record


def caseload(count: int, seed: int = 20261122) -> List[Dict[str, Any]]:
    """`count` synthetic referrals as nested case records; the same seed gives the same records."""
    rng = random.Random(seed)
    return [referral(rng, index) for index in range(count)]


def caseload_frame(count: int, seed: int = 20261122):
    """The same referrals as a pandas DataFrame: one column per fact path ("subject.age"), NaN or
    None where a fact is unknown, incident_date as datetime64 (Timestamps) and the other dates as
    "YYYY-MM-DD" strings, to show that both are read."""
    import pandas as pd

    frame = pd.json_normalize(caseload(count, seed))
    frame["incident_date"] = pd.to_datetime(frame["incident_date"], format="%Y-%m-%d")
    # Integers with unknowns come out of json_normalize as floats; keep them as nullable integers.
    for column in ("subject.age", "perpetrator.age"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    first = ["case_id", "aware_date", "incident_date"]
    return frame[first + sorted(c for c in frame.columns if c not in first)]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="Writes synthetic referrals as JSON Lines.")
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    out = sys.stdout
    for record in caseload(args.count, args.seed):
        out.write(json.dumps(record, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
