#!/usr/bin/env node
'use strict';
// Seeded "full vocabulary" cases for a second agreement check (JSON Lines on stdout):
//
//   node edge_cases.js COUNT [SEED] > edge-cases.jsonl
//
// benchmarks/make_cases.py gives realistic referrals, but it never gives the judgement facts,
// subject.unborn, subject.in_regulated_setting or decision_date, never uses the lodger and
// co_parent relationships, and its dates miss the days on which rule sets change. These cases give
// EVERY fact of rules/england/vocabulary.rules, with dates and ages drawn mostly from the
// boundaries the rules test, except:
//   - subject.date_of_birth: never (Threshold derives the age from it by the birthday rule; the
//     peers read subject.age as given);
//   - subject.age: absent exactly when subject.unborn is yes (an unborn child has no age; it is
//     then not a care leaver either, since the care-leaver test reads the age);
//   - aware_date, incident_date, decision_date: sometimes absent (the rule set is then chosen by
//     the next date, or the as-of date: a fallback, not an unknown).
// So two-valued logic is exact on them: Threshold must determine every review of every case, and
// every peer must give the same outcome (check.js --complete).
const RELATIONSHIPS = ['intimate_partner', 'former_intimate_partner', 'relative', 'other_kin', 'household_member',
                       'paid_carer', 'lodger', 'co_parent', 'professional', 'stranger', 'other', 'none'];
const KNOWLEDGE = ['known', 'suspected', 'not_suspected'];
const LOCATIONS = ['in_area', 'elsewhere_in_england', 'outside_england'];
// The days on which a rule set starts or ends, or a test changes (and the day either side).
const BOUNDARIES = ['2006-04-01', '2011-04-13', '2015-04-01', '2018-06-28', '2018-06-29', '2019-09-29',
                    '2023-12-14', '2023-12-15', '2025-06-01'];
const AGES = [0, 1, 15, 16, 17, 18, 19, 24, 25, 64, 65, 100, 130];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main() {
  const count = Number(process.argv[2]);
  const rng = mulberry32(Number(process.argv[3] || 20261122));
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  const chance = (p) => rng() < p;
  const yesNo = () => chance(0.5);
  const DAY = 86400000;
  const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
  const ms = (date) => Date.parse(`${date}T00:00:00Z`);
  const boundaryDay = () => iso(ms(pick(BOUNDARIES)) + DAY * pick([-1, 0, 0, 1]));
  const anyDay = () => iso(ms('2004-01-01') + DAY * Math.floor(rng() * 365 * 23));
  const date = () => (chance(0.6) ? boundaryDay() : anyDay());

  const out = [];
  for (let i = 0; i < count; i++) {
    const incident = date();
    const aware = chance(0.4) ? date() : iso(ms(incident) + DAY * pick([0, 1, 3, 30, 400]));
    const decision = chance(0.4) ? date() : iso(ms(aware) + DAY * pick([0, 1, 10, 200]));
    const unborn = chance(0.05);
    const record = {
      case_id: `edge-${i}`,
      aware_date: aware,
      notified_date: iso(ms(aware) + DAY * pick([1, 5, 10])),
      decision_date: decision,
      incident_date: incident,
      subject: {
        age: chance(0.6) ? pick(AGES) : Math.floor(rng() * 131),
        unborn,
        in_area: yesNo(),
        normally_resident_in_area: yesNo(),
        looked_after: yesNo(),
        care_leaver: yesNo(),
        in_regulated_setting: yesNo(),
        care_and_support_needs: yesNo(),
        care_needs_arose_from_abuse: yesNo(),
        abuse_began_before_18: yesNo(),
      },
      incident: {
        died: yesNo(),
        serious_harm: yesNo(),
        full_recovery: yesNo(),
        location: pick(LOCATIONS),
        injury_and_death_in_different_areas: yesNo(),
        suicide: chance(0.3),
      },
      abuse_or_neglect: pick(KNOWLEDGE),
      death_from_abuse_or_neglect: pick(KNOWLEDGE),
      coercive_control: pick(KNOWLEDGE),
      concern_agencies_worked_together: yesNo(),
      perpetrator: { relationship: pick(RELATIONSHIPS), same_household: yesNo(), age: pick([12, 15, 16, 17, 30, 70]) },
      area: { lscb_still_operating: yesNo() },
      judgement: {
        unborn_child_is_child: yesNo(),
        sar_duty_covers_earlier_events: yesNo(),
        other_kin_is_related: yesNo(),
        paid_carer_is_household_member: yesNo(),
      },
    };
    if (unborn) {
      delete record.subject.age;
      record.subject.care_leaver = false;
    }
    if (chance(0.15)) delete record.aware_date;
    if (chance(0.1)) delete record.incident_date;
    if (chance(0.5)) delete record.decision_date;
    out.push(JSON.stringify(record));
  }
  process.stdout.write(out.join('\n') + '\n');
}

main();
