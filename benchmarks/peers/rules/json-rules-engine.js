'use strict';
// The three reviews as json-rules-engine rules: one Engine per review, one rule per way of
// reaching an outcome, in rule order by descending priority; the rule that succeeds first stops
// the engine (onSuccess -> engine.stop(), see lib/engines.js), which gives Threshold's "first"
// hit policy. The last rule ("otherwise") has no conditions and the lowest priority.
// Threshold's named conditions are shared conditions (engine.setCondition), referenced by name.
// `node rules/export.js` writes the rules and conditions to rules/json-rules-engine.json.
//
// Facts: the case record is passed to engine.run() as runtime facts, so its top-level fields
// (subject, incident, perpetrator, abuse_or_neglect, ...) are facts and nested fields are read
// by path ($.age). The screening date is the static fact "as_of".
//
// Unknown facts, as json-rules-engine has them: the engine runs with allowUndefinedFacts, so an
// absent fact or path is undefined. `equal`/`in` are then false and `notEqual` true; the numeric
// operators reject a value that is not a number, so `subject.age >= 18` and `< 18` are both
// false for an absent age. The engine has no "is given" operator and no date comparison, so two
// operators are added (lib/engines.js): `known` (value is neither undefined nor null, compared with
// true/false) and the ISO-date comparisons `dateBefore` and `dateOnOrBefore`.
const { DATES, KNOWN_OR_SUSPECTED } = require('./common');

const f = (fact, path, operator, value) => (path ? { fact, path: `$.${path}`, operator, value } : { fact, operator, value });
const all = (...xs) => ({ all: xs });
const any = (...xs) => ({ any: xs });
const not = (x) => ({ not: x });
const ref = (name) => ({ condition: name });
const yes = (fact, path) => f(fact, path, 'equal', true);
const known = (fact, path) => f(fact, path, 'known', true);
const unknown = (fact, path) => f(fact, path, 'known', false);

// The date that chooses the rule set: the first of `facts` the case gives, else the as-of date.
// datedBy(['aware_date', 'incident_date'], 'dateBefore', '2006-04-01') is "that date < 2006-04-01".
function datedBy(facts, operator, value) {
  const branches = facts.map((fact, i) => all(...facts.slice(0, i).map((g) => unknown(g)), known(fact), f(fact, null, operator, value)));
  branches.push(all(...facts.map((g) => unknown(g)), f('as_of', null, operator, value)));
  return any(...branches);
}

const conditions = {
  // vocabulary.rules
  unborn_subject: all(yes('subject', 'unborn'), unknown('subject', 'age'), unknown('subject', 'date_of_birth')),

  // sar.rules (sar_2015)
  sar_not_in_force: datedBy(['decision_date', 'aware_date'], 'dateBefore', DATES.sar_2015_from),
  sar_subject_adult: all(f('subject', 'age', 'greaterThanInclusive', 18), not(ref('unborn_subject'))),
  adult_in_board_area: any(
    yes('subject', 'in_area'),
    all(unknown('subject', 'in_area'),
        any(f('incident', 'location', 'equal', 'in_area'),
            all(unknown('incident', 'location'), yes('subject', 'normally_resident_in_area'))))),
  adult_has_care_and_support_needs: all(yes('subject', 'care_and_support_needs')),
  cause_for_concern_working_together: all(yes('concern_agencies_worked_together')),
  condition_1_death: all(yes('incident', 'died'), f('death_from_abuse_or_neglect', null, 'in', KNOWN_OR_SUSPECTED)),
  condition_2_serious_abuse: all(f('incident', 'died', 'notEqual', true), yes('incident', 'serious_harm'),
                                 f('abuse_or_neglect', null, 'in', KNOWN_OR_SUSPECTED)),
  sar_route_open: all(ref('sar_subject_adult'), ref('adult_in_board_area'), ref('adult_has_care_and_support_needs')),
  events_before_commencement: all(known('incident_date'), f('incident_date', null, 'dateBefore', DATES.sar_commencement)),
  duty_reaches_the_events: any(not(ref('events_before_commencement')),
                               yes('judgement', 'sar_duty_covers_earlier_events')),

  // dhr.rules (dhr_s9)
  dhr_not_in_force: datedBy(['incident_date', 'aware_date'], 'dateBefore', DATES.dhr_s9_from),
  person_died: all(yes('incident', 'died')),
  victim_aged_16_or_over: all(f('subject', 'age', 'greaterThanInclusive', 16), not(ref('unborn_subject'))),
  death_resulted_from_violence_abuse_neglect: all(f('death_from_abuse_or_neglect', null, 'in', KNOWN_OR_SUSPECTED)),
  related_to_the_person: any(
    f('perpetrator', 'relationship', 'equal', 'relative'),
    all(f('perpetrator', 'relationship', 'equal', 'other_kin'), yes('judgement', 'other_kin_is_related'))),
  intimate_personal_relationship: all(f('perpetrator', 'relationship', 'in', ['intimate_partner', 'former_intimate_partner'])),
  member_of_same_household: any(
    all(f('perpetrator', 'relationship', 'equal', 'household_member'),
        not(all(known('perpetrator', 'same_household'), f('perpetrator', 'same_household', 'equal', false)))),
    all(yes('perpetrator', 'same_household'),
        not(all(known('perpetrator', 'relationship'),
                f('perpetrator', 'relationship', 'in', ['stranger', 'none', 'paid_carer', 'lodger', 'professional'])))),
    all(yes('perpetrator', 'same_household'), f('perpetrator', 'relationship', 'in', ['paid_carer', 'lodger']),
        yes('judgement', 'paid_carer_is_household_member')),
    all(known('perpetrator', 'same_household'), yes('perpetrator', 'same_household'),
        f('perpetrator', 'relationship', 'equal', 'professional'), yes('judgement', 'paid_carer_is_household_member'))),
  s9_definition_met: all(ref('person_died'), ref('victim_aged_16_or_over'), ref('death_resulted_from_violence_abuse_neglect'),
    any(ref('related_to_the_person'), ref('intimate_personal_relationship'), ref('member_of_same_household'))),
  took_own_life: all(known('incident', 'suicide'), yes('incident', 'suicide')),
  domestic_abuse_concern: all(
    f('coercive_control', null, 'in', KNOWN_OR_SUSPECTED),
    any(known('coercive_control'),
        not(any(all(known('perpetrator', 'relationship'),
                    f('perpetrator', 'relationship', 'in', ['stranger', 'none', 'professional'])),
                all(known('abuse_or_neglect'), f('abuse_or_neglect', null, 'equal', 'not_suspected')))))),
  suicide_route: all(ref('person_died'), ref('victim_aged_16_or_over'), ref('took_own_life'), ref('domestic_abuse_concern')),

  // cspr.rules (lscb_2006, wt2018, wt2023)
  cspr_not_in_force: datedBy(['aware_date', 'incident_date'], 'dateBefore', DATES.cspr_lscb_2006_from),
  cspr_lscb_2006: datedBy(['aware_date', 'incident_date'], 'dateOnOrBefore', DATES.cspr_lscb_2006_until),
  cspr_until_wt2018: datedBy(['aware_date', 'incident_date'], 'dateOnOrBefore', DATES.cspr_wt2018_until),
  child_subject: any(
    all(f('subject', 'age', 'lessThan', 18), not(ref('unborn_subject'))),
    all(ref('unborn_subject'), yes('judgement', 'unborn_child_is_child'))),
  child_abuse_or_neglect_known_or_suspected: all(f('abuse_or_neglect', null, 'in', KNOWN_OR_SUSPECTED)),
  child_has_died: all(yes('incident', 'died')),
  harm_in_la_area: all(f('incident', 'location', 'equal', 'in_area')),
  harm_outside_england_while_resident: all(f('incident', 'location', 'equal', 'outside_england'),
                                           yes('subject', 'normally_resident_in_area')),
  looked_after_child_died: all(ref('child_subject'), known('subject', 'looked_after'), yes('subject', 'looked_after'),
                               yes('incident', 'died')),
  lscb_area_case: any(f('incident', 'location', 'equal', 'in_area'), yes('subject', 'normally_resident_in_area')),
  serious_case: all(ref('child_subject'), ref('child_abuse_or_neglect_known_or_suspected'), ref('lscb_area_case'),
    any(ref('child_has_died'), all(yes('incident', 'serious_harm'), yes('concern_agencies_worked_together')))),
  notifiable_incident_wt2015: all(ref('child_subject'), any(
    all(ref('child_abuse_or_neglect_known_or_suspected'), ref('lscb_area_case'),
        any(ref('child_has_died'), yes('incident', 'serious_harm'))),
    all(yes('incident', 'died'),
        any(all(known('subject', 'looked_after'), yes('subject', 'looked_after')),
            all(known('subject', 'in_regulated_setting'), yes('subject', 'in_regulated_setting')))))),
  notifiable_to_panel: all(ref('child_subject'), ref('child_abuse_or_neglect_known_or_suspected'),
    any(ref('child_has_died'), yes('incident', 'serious_harm')),
    any(ref('harm_in_la_area'), ref('harm_outside_england_while_resident'))),
  care_leaver_died: all(known('subject', 'care_leaver'), yes('subject', 'care_leaver'), yes('incident', 'died'),
    f('subject', 'age', 'greaterThanInclusive', 16), f('subject', 'age', 'lessThanInclusive', 24)),
};

// Outcome rules per review, highest priority first. Rule sets chosen by date are exclusive, so a
// rule guarded by its rule set's window is tried only in that window; not_in_force comes first.
const rule = (review, outcome, priority, conds) => ({
  name: `${review}:${outcome}:${priority}`, priority, conditions: conds, event: { type: outcome, params: { review } },
});
const rules = {
  cspr: [
    rule('cspr', 'not_in_force', 100, all(ref('cspr_not_in_force'))),
    rule('cspr', 'scr_required', 90, all(ref('cspr_lscb_2006'), ref('serious_case'))),
    rule('cspr', 'notifiable_incident', 80, all(ref('cspr_lscb_2006'), ref('notifiable_incident_wt2015'))),
    rule('cspr', 'not_met', 70, all(ref('cspr_lscb_2006'))),
    rule('cspr', 'notify_panel', 60, all(ref('notifiable_to_panel'))),
    rule('cspr', 'notify_lac_death', 50, all(ref('looked_after_child_died'),
                                             f('abuse_or_neglect', null, 'equal', 'not_suspected'))),
    rule('cspr', 'care_leaver_optional', 40, all(not(ref('cspr_until_wt2018')), ref('care_leaver_died'))),
    rule('cspr', 'not_met', 1, all()),
  ],
  sar: [
    rule('sar', 'not_in_force', 100, all(ref('sar_not_in_force'))),
    rule('sar', 'mandatory', 90, all(ref('sar_route_open'), ref('cause_for_concern_working_together'),
                                     any(ref('condition_1_death'), ref('condition_2_serious_abuse')),
                                     ref('duty_reaches_the_events'))),
    rule('sar', 'discretionary', 80, all(ref('sar_route_open'))),
    rule('sar', 'not_applicable', 1, all()),
  ],
  dhr: [
    rule('dhr', 'not_in_force', 100, all(ref('dhr_not_in_force'))),
    rule('dhr', 'suicide_guidance', 90, all(ref('suicide_route'))),
    rule('dhr', 'criteria_met', 80, all(ref('s9_definition_met'))),
    rule('dhr', 'not_met', 1, all()),
  ],
};

module.exports = { conditions, rules };
