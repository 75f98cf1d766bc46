'use strict';
// The three reviews as JsonLogic expressions (json-logic-js and json-logic-engine read the same
// JSON). Each review is one nested "if": the rule set chosen by date, then that rule set's
// outcomes in rule order (first hit), the last branch being the "otherwise" outcome.
//
// JsonLogic has no named conditions, so each Threshold condition below is a JavaScript constant
// holding its JsonLogic object; the exported JSON has them inlined wherever they are used.
// `node rules/export.js` writes the JSON to rules/jsonlogic.json.
//
// Unknown facts, as JsonLogic has them: an absent fact reads as null. null is falsy, so a yes/no
// fact that is absent counts as "no", and `in` a list is false. In the numeric comparisons null
// is coerced to 0: `subject.age < 18` is TRUE for an absent age (an absent age reads as age 0),
// and `subject.age >= 18` is false. known(x) is written {"!==": [x, null]}.
const { AS_OF, DATES, KNOWN_OR_SUSPECTED } = require('./common');

const v = (path) => ({ var: path });
const and = (...xs) => ({ and: xs });
const or = (...xs) => ({ or: xs });
const not = (x) => ({ '!': [x] });
const known = (path) => ({ '!==': [v(path), null] });
const is = (path, value) => ({ '===': [v(path), value] });
const inList = (path, list) => ({ in: [v(path), list] });
const cmp = (op, a, b) => ({ [op]: [a, b] });
const iff = (...branches) => ({ if: branches });

// Shared by all reviews (vocabulary.rules).
const unborn_subject = and(v('subject.unborn'), not(known('subject.age')), not(known('subject.date_of_birth')));

// --- Safeguarding Adults Review (sar.rules, rule set sar_2015) ---------------------------------
const sar_date = or(v('decision_date'), v('aware_date'), AS_OF);
const sar_subject_adult = and(cmp('>=', v('subject.age'), 18), not(unborn_subject));
const adult_in_board_area = or(
  v('subject.in_area'),
  and(not(known('subject.in_area')),
      or(is('incident.location', 'in_area'),
         and(not(known('incident.location')), v('subject.normally_resident_in_area')))));
const adult_has_care_and_support_needs = v('subject.care_and_support_needs');
const cause_for_concern_working_together = v('concern_agencies_worked_together');
const condition_1_death = and(v('incident.died'), inList('death_from_abuse_or_neglect', KNOWN_OR_SUSPECTED));
const condition_2_serious_abuse = and(not(v('incident.died')), v('incident.serious_harm'),
                                      inList('abuse_or_neglect', KNOWN_OR_SUSPECTED));
const sar_route_open = and(sar_subject_adult, adult_in_board_area, adult_has_care_and_support_needs);
const events_before_commencement = and(known('incident_date'),
                                       cmp('<', v('incident_date'), DATES.sar_commencement));
const duty_reaches_the_events = or(not(events_before_commencement),
                                   v('judgement.sar_duty_covers_earlier_events'));

const sar = iff(
  cmp('<', sar_date, DATES.sar_2015_from), 'not_in_force',
  and(sar_route_open, cause_for_concern_working_together,
      or(condition_1_death, condition_2_serious_abuse), duty_reaches_the_events), 'mandatory',
  sar_route_open, 'discretionary',
  'not_applicable');

// --- Domestic Homicide Review (dhr.rules, rule set dhr_s9) -------------------------------------
const dhr_date = or(v('incident_date'), v('aware_date'), AS_OF);
const person_died = v('incident.died');
const victim_aged_16_or_over = and(cmp('>=', v('subject.age'), 16), not(unborn_subject));
const death_resulted_from_violence_abuse_neglect = inList('death_from_abuse_or_neglect', KNOWN_OR_SUSPECTED);
const related_to_the_person = or(
  is('perpetrator.relationship', 'relative'),
  and(is('perpetrator.relationship', 'other_kin'), v('judgement.other_kin_is_related')));
const intimate_personal_relationship = inList('perpetrator.relationship',
                                              ['intimate_partner', 'former_intimate_partner']);
const member_of_same_household = or(
  and(is('perpetrator.relationship', 'household_member'),
      not(and(known('perpetrator.same_household'), is('perpetrator.same_household', false)))),
  and(v('perpetrator.same_household'),
      not(and(known('perpetrator.relationship'),
              inList('perpetrator.relationship', ['stranger', 'none', 'paid_carer', 'lodger', 'professional'])))),
  and(v('perpetrator.same_household'), inList('perpetrator.relationship', ['paid_carer', 'lodger']),
      v('judgement.paid_carer_is_household_member')),
  and(known('perpetrator.same_household'), v('perpetrator.same_household'),
      is('perpetrator.relationship', 'professional'), v('judgement.paid_carer_is_household_member')));
const s9_definition_met = and(person_died, victim_aged_16_or_over, death_resulted_from_violence_abuse_neglect,
  or(related_to_the_person, intimate_personal_relationship, member_of_same_household));
const took_own_life = and(known('incident.suicide'), v('incident.suicide'));
const domestic_abuse_concern = and(
  inList('coercive_control', KNOWN_OR_SUSPECTED),
  or(known('coercive_control'),
     not(or(and(known('perpetrator.relationship'),
                inList('perpetrator.relationship', ['stranger', 'none', 'professional'])),
            and(known('abuse_or_neglect'), is('abuse_or_neglect', 'not_suspected'))))));
const suicide_route = and(person_died, victim_aged_16_or_over, took_own_life, domestic_abuse_concern);

const dhr = iff(
  cmp('<', dhr_date, DATES.dhr_s9_from), 'not_in_force',
  suicide_route, 'suicide_guidance',
  s9_definition_met, 'criteria_met',
  'not_met');

// --- Child notification (cspr.rules: lscb_2006, wt2018, wt2023) --------------------------------
const cspr_date = or(v('aware_date'), v('incident_date'), AS_OF);
const child_subject = or(
  and(cmp('<', v('subject.age'), 18), not(unborn_subject)),
  and(unborn_subject, v('judgement.unborn_child_is_child')));
const child_abuse_or_neglect_known_or_suspected = inList('abuse_or_neglect', KNOWN_OR_SUSPECTED);
const child_has_died = v('incident.died');
const harm_in_la_area = is('incident.location', 'in_area');
const harm_outside_england_while_resident = and(is('incident.location', 'outside_england'),
                                                v('subject.normally_resident_in_area'));
const looked_after_child_died = and(child_subject, known('subject.looked_after'), v('subject.looked_after'),
                                    v('incident.died'));
// lscb_2006
const lscb_area_case = or(is('incident.location', 'in_area'), v('subject.normally_resident_in_area'));
const serious_case = and(child_subject, child_abuse_or_neglect_known_or_suspected, lscb_area_case,
  or(child_has_died, and(v('incident.serious_harm'), v('concern_agencies_worked_together'))));
const notifiable_incident_wt2015 = and(child_subject, or(
  and(child_abuse_or_neglect_known_or_suspected, lscb_area_case, or(child_has_died, v('incident.serious_harm'))),
  and(v('incident.died'), or(and(known('subject.looked_after'), v('subject.looked_after')),
                             and(known('subject.in_regulated_setting'), v('subject.in_regulated_setting'))))));
// wt2018 and wt2023
const notifiable_to_panel = and(child_subject, child_abuse_or_neglect_known_or_suspected,
  or(child_has_died, v('incident.serious_harm')),
  or(harm_in_la_area, harm_outside_england_while_resident));
const lac_death_not_abuse = and(looked_after_child_died, is('abuse_or_neglect', 'not_suspected'));
const care_leaver_died = and(known('subject.care_leaver'), v('subject.care_leaver'), v('incident.died'),
                             cmp('>=', v('subject.age'), 16), cmp('<=', v('subject.age'), 24));

const cspr = iff(
  cmp('<', cspr_date, DATES.cspr_lscb_2006_from), 'not_in_force',
  cmp('<=', cspr_date, DATES.cspr_lscb_2006_until),
  iff(serious_case, 'scr_required', notifiable_incident_wt2015, 'notifiable_incident', 'not_met'),
  cmp('<=', cspr_date, DATES.cspr_wt2018_until),
  iff(notifiable_to_panel, 'notify_panel', lac_death_not_abuse, 'notify_lac_death', 'not_met'),
  iff(notifiable_to_panel, 'notify_panel', lac_death_not_abuse, 'notify_lac_death',
      care_leaver_died, 'care_leaver_optional', 'not_met'));

// One expression for the three reviews: {"cspr": ..., "sar": ..., "dhr": ...} is not JsonLogic, so
// the peers evaluate the three expressions in turn.
module.exports = { cspr, sar, dhr };
