#!/usr/bin/env python3
"""Writes seeded synthetic case records (JSON Lines) for the benchmarks and the peer comparison.

The proportions are plausible for a partnership's referral stream: mostly adults, a minority of
children, a fifth of cases deaths, and about 10% of facts left unknown (absent), as at referral.
The same seed always gives the same file, so Threshold and every peer screen identical cases.
Usage: make_cases.py COUNT [SEED] > cases.jsonl
"""
import json
import random
import sys

RELATIONSHIPS = ["intimate_partner", "former_intimate_partner", "relative", "other_kin", "household_member",
                 "paid_carer", "professional", "stranger", "other", "none"]
KNOWLEDGE = ["known", "suspected", "not_suspected"]


def case(rng, index):
    child = rng.random() < 0.3
    age = rng.randint(0, 17) if child else rng.choice([rng.randint(18, 64), rng.randint(65, 100)])
    year = rng.choice([2014, 2016, 2019, 2022, 2024, 2025])
    incident = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    aware_day = min(28, int(incident[8:]) + rng.randint(0, 3))
    record = {
        "case_id": f"syn-{index}",
        "aware_date": incident[:8] + f"{aware_day:02d}",
        "incident_date": incident,
        "subject": {
            "age": age,
            "in_area": rng.random() < 0.9,
            "normally_resident_in_area": rng.random() < 0.85,
            "looked_after": child and rng.random() < 0.1,
            "care_leaver": (not child) and age < 25 and rng.random() < 0.1,
            "care_and_support_needs": (not child) and rng.random() < 0.5,
        },
        "incident": {
            "died": rng.random() < 0.2,
            "serious_harm": rng.random() < 0.5,
            "location": rng.choices(["in_area", "elsewhere_in_england", "outside_england"], [90, 8, 2])[0],
            "suicide": rng.random() < 0.05,
        },
        "abuse_or_neglect": rng.choices(KNOWLEDGE, [30, 40, 30])[0],
        "death_from_abuse_or_neglect": rng.choices(KNOWLEDGE, [20, 30, 50])[0],
        "perpetrator": {
            "relationship": rng.choice(RELATIONSHIPS),
            "same_household": rng.random() < 0.4,
        },
        "coercive_control": rng.choices(KNOWLEDGE, [10, 20, 70])[0],
        "concern_agencies_worked_together": rng.random() < 0.4,
    }
    # About 10% of the facts are not known at referral.
    for group in ("subject", "incident", "perpetrator"):
        for key in list(record[group]):
            if rng.random() < 0.1:
                del record[group][key]
    for key in ("aware_date", "incident_date", "abuse_or_neglect", "death_from_abuse_or_neglect",
                "coercive_control", "concern_agencies_worked_together"):
        if rng.random() < 0.1:
            del record[key]
    return record


def main():
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20261122)
    out = sys.stdout
    for index in range(count):
        out.write(json.dumps(case(rng, index), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
