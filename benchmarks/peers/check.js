#!/usr/bin/env node
'use strict';
// Agreement check: every peer must give Threshold's outcome wherever two-valued logic applies.
//
//   node check.js CASES.jsonl THRESHOLD_OUTCOMES.jsonl [PEER ...]
//
// THRESHOLD_OUTCOMES.jsonl is `threshold screen --as-of 2025-06-01 --format outcomes CASES.jsonl`.
// For each review and peer, the cases fall in three groups:
//   checked      Threshold's outcome is determined AND the case gives every fact the review reads
//                (lib/facts.js). The peer's outcome must equal Threshold's: any difference is a
//                failure (exit 1), printed with the case.
//   incomplete   Threshold's outcome is determined but the case leaves out a fact the review reads.
//                Reported, not enforced: the peer reads the absent fact as false/null, which is
//                not the same as "whatever the value".
//   undetermined Threshold's outcome is null (the answer depends on a missing fact). Every peer
//                still gives one outcome; reported.
// Prints a markdown report on stdout.
const fs = require('fs');
const { createPeer } = require('./lib/engines');
const { complete } = require('./lib/facts');

const REVIEWS = ['cspr', 'sar', 'dhr'];
const DEFAULT_PEERS = ['zen', 'json-rules-engine', 'json-logic-js', 'json-logic-engine', 'json-logic-engine-interpreted'];
const EXAMPLES = 5;

const readLines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);

async function main() {
  const [casesFile, thresholdFile, ...peerNames] = process.argv.slice(2);
  if (!casesFile || !thresholdFile) {
    console.error('usage: node check.js CASES.jsonl THRESHOLD_OUTCOMES.jsonl [PEER ...]');
    process.exit(2);
  }
  const cases = readLines(casesFile).map((line) => JSON.parse(line));
  const threshold = readLines(thresholdFile).map((line) => JSON.parse(line));
  if (threshold.length !== cases.length) throw new Error(`${cases.length} cases but ${threshold.length} Threshold lines`);
  threshold.forEach((t, i) => {
    if (t.error || t.case_id !== cases[i].case_id) throw new Error(`Threshold line ${i + 1}: ${JSON.stringify(t)}`);
  });

  // Per review: which group each case is in (the same for every peer).
  const groups = {};
  for (const review of REVIEWS) {
    groups[review] = cases.map((c, i) => {
      if (threshold[i].reviews[review] === null) return 'undetermined';
      return complete(c, review) ? 'checked' : 'incomplete';
    });
  }

  const out = [];
  out.push(`Cases: ${cases.length}. Per review, the cases Threshold determines whose record gives every fact the review`);
  out.push('reads ("checked") must get the same outcome from every peer; the other columns are for information.');
  out.push('');
  out.push('| peer | review | checked: agree | checked: disagree | determined, incomplete: agree | determined, incomplete: differ | undetermined by Threshold |');
  out.push('|---|---|---:|---:|---:|---:|---:|');
  const failures = [];
  const undeterminedAnswers = {};
  for (const name of peerNames.length ? peerNames : DEFAULT_PEERS) {
    const peer = createPeer(name);
    const results = await peer.screenBatch(cases);
    if (peer.dispose) peer.dispose();
    for (const review of REVIEWS) {
      const n = { checked: [0, 0], incomplete: [0, 0], undetermined: 0 };
      const answers = {};
      results.forEach((r, i) => {
        const group = groups[review][i];
        const mine = r[review];
        if (typeof mine !== 'string') throw new Error(`${name}: no ${review} outcome for ${cases[i].case_id}`);
        if (group === 'undetermined') {
          n.undetermined++;
          answers[mine] = (answers[mine] || 0) + 1;
          return;
        }
        const agree = mine === threshold[i].reviews[review];
        n[group][agree ? 0 : 1]++;
        if (!agree && group === 'checked') {
          failures.push({ peer: name, review, case: cases[i], threshold: threshold[i].reviews[review], peer_outcome: mine });
        }
      });
      undeterminedAnswers[`${name}/${review}`] = answers;
      out.push(`| ${name} | ${review} | ${n.checked[0]} | ${n.checked[1]} | ${n.incomplete[0]} | ${n.incomplete[1]} | ${n.undetermined} |`);
    }
  }
  out.push('');
  out.push('On the cases Threshold leaves undetermined, each peer answers anyway; its answers:');
  out.push('');
  for (const [key, answers] of Object.entries(undeterminedAnswers)) {
    const list = Object.entries(answers).sort((a, b) => b[1] - a[1]).map(([o, k]) => `${o} ${k}`).join(', ');
    out.push(`- ${key}: ${list || 'none'}`);
  }
  out.push('');
  if (failures.length) {
    out.push(`**AGREEMENT CHECK FAILED: ${failures.length} disagreements on checked cases.** First examples:`);
    out.push('');
    const shown = {};
    for (const f of failures) {
      const key = `${f.peer}/${f.review}`;
      shown[key] = (shown[key] || 0) + 1;
      if (shown[key] > EXAMPLES) continue;
      out.push(`- ${key}: Threshold ${f.threshold}, peer ${f.peer_outcome}: \`${JSON.stringify(f.case)}\``);
    }
  } else {
    out.push('Agreement check passed: no peer disagrees with Threshold on any checked case.');
  }
  console.log(out.join('\n'));
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
