'use strict';
// Compares peer outcomes with Threshold's. For each review a case is in one of three groups:
//   checked      Threshold's outcome is determined AND the case gives every fact the review reads
//                (lib/facts.js): two-valued logic applies, and the peer must give the same outcome.
//   incomplete   Threshold's outcome is determined but the case leaves out a fact the review reads:
//                reported, not enforced (the peer reads the absent fact as false/null).
//   undetermined Threshold's outcome is null: the answer depends on a missing fact. A peer still
//                gives one outcome; what it gives is reported.
const fs = require('fs');
const { complete } = require('./facts');

const REVIEWS = ['cspr', 'sar', 'dhr'];

const readJsonLines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));

function readThreshold(file, cases) {
  const lines = readJsonLines(file);
  if (lines.length !== cases.length) throw new Error(`${cases.length} cases but ${lines.length} Threshold lines in ${file}`);
  return lines.map((t, i) => {
    if (t.error || !t.reviews || t.case_id !== cases[i].case_id) throw new Error(`${file}:${i + 1}: unexpected ${JSON.stringify(t)}`);
    return t.reviews;
  });
}

// With allComplete (the full-vocabulary cases of edge_cases.js), every case gives every fact, so
// every case is checked; then a review Threshold leaves undetermined is itself a failure.
function groupCases(cases, threshold, allComplete = false) {
  const groups = {};
  const failures = [];
  for (const review of REVIEWS) {
    groups[review] = cases.map((c, i) => {
      if (threshold[i][review] === null) {
        if (allComplete) failures.push({ peer: 'threshold', review, threshold: null, peer_outcome: '(none)', case: c });
        return 'undetermined';
      }
      return allComplete || complete(c, review) ? 'checked' : 'incomplete';
    });
  }
  return { groups, failures };
}

// results[i] is the peer's {cspr, dhr, sar} for cases[i] (i < results.length).
function tally(peer, results, cases, threshold, groups) {
  const rows = [];
  const failures = [];
  for (const review of REVIEWS) {
    const n = { peer, review, cases: results.length, checked_agree: 0, checked_disagree: 0,
                incomplete_agree: 0, incomplete_differ: 0, undetermined: 0, undetermined_answers: {} };
    results.forEach((r, i) => {
      const mine = r[review];
      if (typeof mine !== 'string') throw new Error(`${peer}: no ${review} outcome for ${cases[i].case_id}`);
      const group = groups[review][i];
      if (group === 'undetermined') {
        n.undetermined++;
        n.undetermined_answers[mine] = (n.undetermined_answers[mine] || 0) + 1;
        return;
      }
      const agree = mine === threshold[i][review];
      if (group === 'checked') {
        if (agree) n.checked_agree++;
        else {
          n.checked_disagree++;
          failures.push({ peer, review, threshold: threshold[i][review], peer_outcome: mine, case: cases[i] });
        }
      } else if (agree) n.incomplete_agree++;
      else n.incomplete_differ++;
    });
    rows.push(n);
  }
  return { rows, failures };
}

function report(rows, failures, examples = 5) {
  const out = [];
  out.push('| peer | review | cases | checked: agree | checked: DISAGREE | determined, incomplete: agree | determined, incomplete: differ | undetermined by Threshold |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const n of rows) {
    out.push(`| ${n.peer} | ${n.review} | ${n.cases} | ${n.checked_agree} | ${n.checked_disagree} | ${n.incomplete_agree} | ${n.incomplete_differ} | ${n.undetermined} |`);
  }
  out.push('');
  // What the peers answer where Threshold leaves the outcome undetermined, peers with the same
  // answers on one line.
  const lines = [];
  for (const review of REVIEWS) {
    const byAnswers = new Map();
    let undetermined = 0;
    for (const n of rows.filter((r) => r.review === review)) {
      undetermined = n.undetermined;
      if (!n.undetermined) continue;
      const key = Object.entries(n.undetermined_answers).sort((a, b) => b[1] - a[1]).map(([o, k]) => `${o} ${k}`).join(', ');
      byAnswers.set(key, [...(byAnswers.get(key) || []), n.peer]);
    }
    for (const [answers, peers] of byAnswers) lines.push(`| ${review} | ${undetermined} | ${peers.join(', ')} | ${answers} |`);
  }
  if (lines.length) {
    out.push('Where Threshold leaves a review undetermined, each peer still answers:');
    out.push('');
    out.push('| review | undetermined by Threshold | peers | their outcomes |');
    out.push('|---|---:|---|---|');
    out.push(...lines);
    out.push('');
  }
  if (failures.length) {
    out.push(`**AGREEMENT CHECK FAILED: ${failures.length} disagreements on checked cases.** First examples:`);
    out.push('');
    const shown = {};
    for (const f of failures) {
      const key = `${f.peer} / ${f.review}`;
      shown[key] = (shown[key] || 0) + 1;
      if (shown[key] > examples) continue;
      if (f.peer === 'threshold') out.push(`- ${f.review}: Threshold leaves a complete case undetermined: \`${JSON.stringify(f.case)}\``);
      else out.push(`- ${key}: Threshold \`${f.threshold}\`, peer \`${f.peer_outcome}\`: \`${JSON.stringify(f.case)}\``);
    }
  } else {
    out.push('Agreement check passed: every peer gives Threshold\'s outcome on every checked case.');
  }
  return out.join('\n');
}

module.exports = { REVIEWS, readJsonLines, readThreshold, groupCases, tally, report };
