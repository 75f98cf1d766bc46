'use strict';
// Which facts each review reads, for the agreement check: a case is "complete" for a review when
// it gives every fact the review's outcome test reads, so that two-valued logic (absent = false)
// and Threshold's three-valued logic must give the same answer.
//
// The lists are taken from rules/england/{vocabulary,sar,dhr,cspr}.rules: every fact that the
// outcome conditions of the rule set chosen by date read (flags and advisories are not outcomes),
// with these exceptions, each settled by facts that are required:
//   - subject.unborn and subject.date_of_birth: read only when subject.age is not given (age is
//     derived from the date of birth, unborn_subject needs both absent); subject.age is required.
//   - subject.in_regulated_setting (lscb_2006): read only as known(x) and x, never otherwise.
//   - decision_date: only dates the SAR; the rule set is chosen by the first date given.
//   - judgement.*: read only when another fact engages the question (below); a case that engages
//     one and does not answer it is not complete.
// The date that chooses the rule set must come from the case (not from --as-of).
const { AS_OF, DATES } = require('../rules/common');

function get(record, path) {
  let value = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[key];
  }
  return value;
}
const has = (record, path) => get(record, path) !== undefined && get(record, path) !== null;

const DATED_BY = { cspr: ['aware_date', 'incident_date'], sar: ['decision_date', 'aware_date'], dhr: ['incident_date'] };

function chosenDate(record, review) {
  for (const fact of DATED_BY[review]) if (has(record, fact)) return { date: get(record, fact), fromCase: true };
  return { date: AS_OF, fromCase: false };
}

function ruleSet(record, review) {
  const { date } = chosenDate(record, review);
  if (review === 'cspr') {
    if (date < DATES.cspr_lscb_2006_from) return 'not_in_force';
    if (date <= DATES.cspr_lscb_2006_until) return 'lscb_2006';
    return date <= DATES.cspr_wt2018_until ? 'wt2018' : 'wt2023';
  }
  if (review === 'sar') return date < DATES.sar_2015_from ? 'not_in_force' : 'sar_2015';
  return date < DATES.dhr_s9_from ? 'not_in_force' : 'dhr_s9';
}

const CSPR_WT = ['subject.age', 'abuse_or_neglect', 'incident.died', 'incident.serious_harm', 'incident.location',
                 'subject.normally_resident_in_area', 'subject.looked_after'];
const READS = {
  not_in_force: [],
  lscb_2006: ['subject.age', 'abuse_or_neglect', 'incident.location', 'subject.normally_resident_in_area',
              'incident.died', 'incident.serious_harm', 'concern_agencies_worked_together', 'subject.looked_after'],
  wt2018: CSPR_WT,
  wt2023: [...CSPR_WT, 'subject.care_leaver'],
  sar_2015: ['subject.age', 'subject.in_area', 'incident.location', 'subject.normally_resident_in_area',
             'subject.care_and_support_needs', 'concern_agencies_worked_together', 'incident.died',
             'death_from_abuse_or_neglect', 'incident.serious_harm', 'abuse_or_neglect', 'incident_date'],
  dhr_s9: ['incident.died', 'subject.age', 'death_from_abuse_or_neglect', 'perpetrator.relationship',
           'perpetrator.same_household', 'incident.suicide', 'coercive_control', 'abuse_or_neglect'],
};

// The judgement facts a rule set reads, each with the condition under which it is read.
const JUDGEMENTS = {
  sar_2015: [['judgement.sar_duty_covers_earlier_events',
              (r) => has(r, 'incident_date') && get(r, 'incident_date') < DATES.sar_commencement]],
  dhr_s9: [['judgement.other_kin_is_related', (r) => get(r, 'perpetrator.relationship') === 'other_kin'],
           ['judgement.paid_carer_is_household_member',
            (r) => get(r, 'perpetrator.same_household') === true &&
                   ['paid_carer', 'lodger', 'professional'].includes(get(r, 'perpetrator.relationship'))]],
};

// true when the record gives every fact the review reads (see above).
function complete(record, review) {
  if (!chosenDate(record, review).fromCase) return false;
  const set = ruleSet(record, review);
  for (const fact of READS[set]) if (!has(record, fact)) return false;
  for (const [fact, engaged] of JUDGEMENTS[set] || []) if (engaged(record) && !has(record, fact)) return false;
  return true;
}

module.exports = { complete, ruleSet, READS };
