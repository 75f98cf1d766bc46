'use strict';
// Constants shared by every peer encoding. They are copied from rules/england/*.rules; the
// agreement check (check.js) is what proves each encoding matches Threshold.

// The screening date used when a case gives no date (threshold screen --as-of).
const AS_OF = '2025-06-01';

// In-force windows of the rule sets each review can choose (both ends inclusive).
const DATES = {
  cspr_lscb_2006_from: '2006-04-01',
  cspr_lscb_2006_until: '2018-06-28',
  cspr_wt2018_until: '2023-12-14', // wt2018 from 2018-06-29, wt2023 from 2023-12-15
  sar_2015_from: '2015-04-01',
  dhr_s9_from: '2011-04-13',
  sar_commencement: '2015-04-01', // events_before_commencement: incident_date < this
};

const KNOWN_OR_SUSPECTED = ['known', 'suspected'];

module.exports = { AS_OF, DATES, KNOWN_OR_SUSPECTED };
