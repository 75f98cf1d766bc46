'use strict';
// The three reviews as one GoRules JDM decision graph for @gorules/zen-engine:
//
//   request -> expression node "<review> conditions" -> decision table "<review>" (hit policy
//   "first") -> response, once for each review, the three branches merging in the response.
//
// The expression node computes Threshold's named conditions (and the rule set chosen by date);
// the decision table is the review's outcome list, one row per way of reaching an outcome (an "or"
// in Threshold's rule is several rows), in rule order, the last row the "otherwise" outcome.
// `node rules/export.js` writes the graph to rules/zen-screening.json (it opens in the GoRules
// JDM editor).
//
// Unknown facts, as ZEN has them: an absent field reads as null. `x == true` is false for null,
// `x in [...]` is false, `x == null` is true. But comparing null with a number or a date
// (`subject.age >= 18`), or `not null`, is an error, and an error in an expression node halts
// the whole graph (in a decision-table cell it only skips the row). So every comparison of a
// fact that may be absent is guarded with `!= null`, which gives the same answer as a failing
// table cell: false. yes/no facts are read as `== true` (absent counts as no), "not x" as
// `!= true`, known(x) as `x != null`.
const { AS_OF, DATES, KNOWN_OR_SUSPECTED } = require('./common');

const list = (xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
const KS = list(KNOWN_OR_SUSPECTED);
const d = (iso) => `date("${iso}")`;

const UNBORN = 'subject.unborn == true and subject.age == null and subject.date_of_birth == null';

const reviews = {
  cspr: {
    name: 'Child safeguarding: notification and rapid review',
    conditions: [
      ['unborn_subject', UNBORN],
      ['cspr_date', `date(aware_date ?? incident_date ?? "${AS_OF}")`],
      ['rule_set', `$.cspr_date < ${d(DATES.cspr_lscb_2006_from)} ? "none" : ` +
                   `($.cspr_date <= ${d(DATES.cspr_lscb_2006_until)} ? "lscb_2006" : ` +
                   `($.cspr_date <= ${d(DATES.cspr_wt2018_until)} ? "wt2018" : "wt2023"))`],
      ['child_subject', '(subject.age != null and subject.age < 18 and not $.unborn_subject) ' +
                        'or ($.unborn_subject and judgement.unborn_child_is_child == true)'],
      ['child_abuse_or_neglect_known_or_suspected', `abuse_or_neglect in ${KS}`],
      ['child_has_died', 'incident.died == true'],
      ['harm_in_la_area', 'incident.location == "in_area"'],
      ['harm_outside_england_while_resident',
       'incident.location == "outside_england" and subject.normally_resident_in_area == true'],
      ['looked_after_child_died',
       '$.child_subject and subject.looked_after != null and subject.looked_after == true and incident.died == true'],
      ['lscb_area_case', 'incident.location == "in_area" or subject.normally_resident_in_area == true'],
      ['serious_case', '$.child_subject and $.child_abuse_or_neglect_known_or_suspected and $.lscb_area_case ' +
                       'and ($.child_has_died or (incident.serious_harm == true and concern_agencies_worked_together == true))'],
      ['notifiable_incident_wt2015',
       '$.child_subject and (($.child_abuse_or_neglect_known_or_suspected and $.lscb_area_case ' +
       'and ($.child_has_died or incident.serious_harm == true)) ' +
       'or (incident.died == true and ((subject.looked_after != null and subject.looked_after == true) ' +
       'or (subject.in_regulated_setting != null and subject.in_regulated_setting == true))))'],
      ['notifiable_to_panel', '$.child_subject and $.child_abuse_or_neglect_known_or_suspected ' +
                              'and ($.child_has_died or incident.serious_harm == true) ' +
                              'and ($.harm_in_la_area or $.harm_outside_england_while_resident)'],
      ['abuse_or_neglect_not_suspected', 'abuse_or_neglect == "not_suspected"'],
      ['care_leaver_died', 'subject.care_leaver != null and subject.care_leaver == true and incident.died == true ' +
                           'and subject.age != null and subject.age >= 16 and subject.age <= 24'],
    ],
    columns: ['rule_set', 'serious_case', 'notifiable_incident_wt2015', 'notifiable_to_panel',
              'looked_after_child_died', 'abuse_or_neglect_not_suspected', 'care_leaver_died'],
    rows: [
      [{ rule_set: '"none"' }, 'not_in_force'],
      [{ rule_set: '"lscb_2006"', serious_case: 'true' }, 'scr_required'],
      [{ rule_set: '"lscb_2006"', notifiable_incident_wt2015: 'true' }, 'notifiable_incident'],
      [{ rule_set: '"lscb_2006"' }, 'not_met'],
      [{ rule_set: '"wt2018", "wt2023"', notifiable_to_panel: 'true' }, 'notify_panel'],
      [{ rule_set: '"wt2018", "wt2023"', looked_after_child_died: 'true', abuse_or_neglect_not_suspected: 'true' },
       'notify_lac_death'],
      [{ rule_set: '"wt2023"', care_leaver_died: 'true' }, 'care_leaver_optional'],
      [{}, 'not_met'],
    ],
  },
  sar: {
    name: 'Safeguarding Adults Review',
    conditions: [
      ['unborn_subject', UNBORN],
      ['sar_date', `date(decision_date ?? aware_date ?? "${AS_OF}")`],
      ['rule_set', `$.sar_date < ${d(DATES.sar_2015_from)} ? "none" : "sar_2015"`],
      ['sar_subject_adult', 'subject.age != null and subject.age >= 18 and not $.unborn_subject'],
      ['adult_in_board_area', 'subject.in_area == true or (subject.in_area == null and ' +
                              '(incident.location == "in_area" or (incident.location == null ' +
                              'and subject.normally_resident_in_area == true)))'],
      ['adult_has_care_and_support_needs', 'subject.care_and_support_needs == true'],
      ['cause_for_concern_working_together', 'concern_agencies_worked_together == true'],
      ['condition_1_death', `incident.died == true and death_from_abuse_or_neglect in ${KS}`],
      ['condition_2_serious_abuse', `incident.died != true and incident.serious_harm == true and abuse_or_neglect in ${KS}`],
      ['sar_route_open', '$.sar_subject_adult and $.adult_in_board_area and $.adult_has_care_and_support_needs'],
      ['events_before_commencement', `incident_date != null and date(incident_date) < ${d(DATES.sar_commencement)}`],
      ['duty_reaches_the_events', 'not $.events_before_commencement or judgement.sar_duty_covers_earlier_events == true'],
    ],
    columns: ['rule_set', 'sar_route_open', 'cause_for_concern_working_together', 'condition_1_death',
              'condition_2_serious_abuse', 'duty_reaches_the_events'],
    rows: [
      [{ rule_set: '"none"' }, 'not_in_force'],
      [{ sar_route_open: 'true', cause_for_concern_working_together: 'true', condition_1_death: 'true',
         duty_reaches_the_events: 'true' }, 'mandatory'],
      [{ sar_route_open: 'true', cause_for_concern_working_together: 'true', condition_2_serious_abuse: 'true',
         duty_reaches_the_events: 'true' }, 'mandatory'],
      [{ sar_route_open: 'true' }, 'discretionary'],
      [{}, 'not_applicable'],
    ],
  },
  dhr: {
    name: 'Domestic Homicide Review',
    conditions: [
      ['unborn_subject', UNBORN],
      ['dhr_date', `date(incident_date ?? aware_date ?? "${AS_OF}")`],
      ['rule_set', `$.dhr_date < ${d(DATES.dhr_s9_from)} ? "none" : "dhr_s9"`],
      ['person_died', 'incident.died == true'],
      ['victim_aged_16_or_over', 'subject.age != null and subject.age >= 16 and not $.unborn_subject'],
      ['death_resulted_from_violence_abuse_neglect', `death_from_abuse_or_neglect in ${KS}`],
      ['related_to_the_person', 'perpetrator.relationship == "relative" or (perpetrator.relationship == "other_kin" ' +
                                'and judgement.other_kin_is_related == true)'],
      ['intimate_personal_relationship', `perpetrator.relationship in ${list(['intimate_partner', 'former_intimate_partner'])}`],
      ['member_of_same_household',
       '(perpetrator.relationship == "household_member" and not (perpetrator.same_household != null ' +
       'and perpetrator.same_household == false)) ' +
       'or (perpetrator.same_household == true and not (perpetrator.relationship != null and perpetrator.relationship in ' +
       `${list(['stranger', 'none', 'paid_carer', 'lodger', 'professional'])})) ` +
       `or (perpetrator.same_household == true and perpetrator.relationship in ${list(['paid_carer', 'lodger'])} ` +
       'and judgement.paid_carer_is_household_member == true) ' +
       'or (perpetrator.same_household != null and perpetrator.same_household == true ' +
       'and perpetrator.relationship == "professional" and judgement.paid_carer_is_household_member == true)'],
      ['took_own_life', 'incident.suicide != null and incident.suicide == true'],
      ['domestic_abuse_concern',
       `coercive_control in ${KS} and (coercive_control != null or not ((perpetrator.relationship != null ` +
       `and perpetrator.relationship in ${list(['stranger', 'none', 'professional'])}) ` +
       'or (abuse_or_neglect != null and abuse_or_neglect == "not_suspected")))'],
    ],
    columns: ['rule_set', 'person_died', 'victim_aged_16_or_over', 'took_own_life', 'domestic_abuse_concern',
              'death_resulted_from_violence_abuse_neglect', 'related_to_the_person',
              'intimate_personal_relationship', 'member_of_same_household'],
    rows: [
      [{ rule_set: '"none"' }, 'not_in_force'],
      [{ person_died: 'true', victim_aged_16_or_over: 'true', took_own_life: 'true', domestic_abuse_concern: 'true' },
       'suicide_guidance'],
      [{ person_died: 'true', victim_aged_16_or_over: 'true', death_resulted_from_violence_abuse_neglect: 'true',
         related_to_the_person: 'true' }, 'criteria_met'],
      [{ person_died: 'true', victim_aged_16_or_over: 'true', death_resulted_from_violence_abuse_neglect: 'true',
         intimate_personal_relationship: 'true' }, 'criteria_met'],
      [{ person_died: 'true', victim_aged_16_or_over: 'true', death_resulted_from_violence_abuse_neglect: 'true',
         member_of_same_household: 'true' }, 'criteria_met'],
      [{}, 'not_met'],
    ],
  },
};

function graph() {
  const nodes = [{ id: 'request', type: 'inputNode', name: 'request', position: { x: 0, y: 200 }, content: {} }];
  const edges = [];
  let y = 0;
  for (const [review, spec] of Object.entries(reviews)) {
    const exprId = `${review}-conditions`;
    const tableId = `${review}-outcome`;
    nodes.push({
      id: exprId, type: 'expressionNode', name: `${review} conditions`, position: { x: 300, y },
      content: {
        expressions: spec.conditions.map(([key, value]) => ({ id: `${review}-${key}`, key, value })),
        passThrough: false, inputField: null, outputPath: null, executionMode: 'single',
      },
    });
    nodes.push({
      id: tableId, type: 'decisionTableNode', name: `${review}: ${spec.name}`, position: { x: 650, y },
      content: {
        hitPolicy: 'first',
        inputs: spec.columns.map((field) => ({ id: `${review}-in-${field}`, name: field, field })),
        outputs: [{ id: `${review}-out`, name: review, field: review }],
        rules: spec.rows.map(([cells, outcome], i) => {
          const row = { _id: `${review}-row-${i + 1}` };
          for (const field of spec.columns) row[`${review}-in-${field}`] = cells[field] ?? '';
          row[`${review}-out`] = JSON.stringify(outcome);
          return row;
        }),
        passThrough: false, inputField: null, outputPath: null, executionMode: 'single',
      },
    });
    edges.push({ id: `request-${exprId}`, sourceId: 'request', targetId: exprId, type: 'edge' });
    edges.push({ id: `${exprId}-${tableId}`, sourceId: exprId, targetId: tableId, type: 'edge' });
    edges.push({ id: `${tableId}-response`, sourceId: tableId, targetId: 'response', type: 'edge' });
    y += 200;
  }
  nodes.push({ id: 'response', type: 'outputNode', name: 'response', position: { x: 1000, y: 200 }, content: {} });
  return { contentType: 'application/vnd.gorules.decision', nodes, edges };
}

module.exports = { graph: graph() };
