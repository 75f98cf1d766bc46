#!/usr/bin/env node
'use strict';
// Agreement check: every peer must give Threshold's outcome wherever two-valued logic applies.
//
//   node check.js [--complete] [--jobs N] [--out DIR] CASES.jsonl THRESHOLD_OUTCOMES.jsonl [PEER ...]
//
// THRESHOLD_OUTCOMES.jsonl is `threshold screen --as-of 2025-06-01 --format outcomes CASES.jsonl`.
// Every peer screens every case (spread over N child processes, default one per core; this step
// is not timed). The groups (checked / incomplete / undetermined) are explained in
// lib/agreement.js. Prints a markdown report; exits 1 if a peer disagrees with Threshold on a
// checked case. With --complete (for the cases of edge_cases.js, which give every fact), every
// case is checked and Threshold must determine every review. With --out, writes each peer's outcomes to DIR/PEER.jsonl in the format of
// `threshold screen --format outcomes` (run.sh compares the whole-process runs with them).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fork } = require('child_process');
const { readJsonLines, readThreshold, groupCases, tally, report } = require('./lib/agreement');

const DEFAULT_PEERS = ['zen', 'json-rules-engine', 'json-logic-js', 'json-logic-engine', 'json-logic-engine-interpreted'];
const CHUNK = 5000;

function parseArgs(argv) {
  const args = { jobs: os.cpus().length, out: null, complete: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--complete') args.complete = true;
    else if (argv[i] === '--jobs') args.jobs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--out') args.out = argv[++i];
    else args.positional.push(argv[i]);
  }
  return args;
}

// Screens cases [0, count) with each peer, CHUNK cases per request, on `jobs` child processes.
async function screenAll(casesFile, count, peers, jobs) {
  const tasks = [];
  for (const peer of peers) for (let s = 0; s < count; s += CHUNK) tasks.push({ peer, start: s, end: Math.min(count, s + CHUNK) });
  const results = Object.fromEntries(peers.map((p) => [p, new Array(count)]));
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'lib', 'check-worker.js'), [casesFile], { serialization: 'advanced' });
    let current = null;
    const dispatch = () => {
      if (next >= tasks.length) { child.disconnect(); return; }
      current = { id: next, ...tasks[next++] };
      child.send(current);
    };
    child.on('message', (msg) => {
      if (msg.ready) return dispatch();
      if (msg.error) { child.kill(); return reject(new Error(`${current.peer}: ${msg.error}`)); }
      msg.outcomes.forEach(([cspr, dhr, sar], k) => { results[current.peer][current.start + k] = { cspr, dhr, sar }; });
      dispatch();
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`check worker exited with ${code}`))));
    child.on('error', reject);
  }));
  await Promise.all(workers);
  return results;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const [casesFile, thresholdFile, ...peerNames] = args.positional;
  if (!casesFile || !thresholdFile) {
    console.error('usage: node check.js [--complete] [--jobs N] [--out DIR] CASES.jsonl THRESHOLD_OUTCOMES.jsonl [PEER ...]');
    process.exit(2);
  }
  const peers = peerNames.length ? peerNames : DEFAULT_PEERS;
  const cases = readJsonLines(casesFile);
  const threshold = readThreshold(thresholdFile, cases);
  const { groups, failures: thresholdFailures } = groupCases(cases, threshold, args.complete);
  const results = await screenAll(casesFile, cases.length, peers, args.jobs);

  let rows = [];
  let failures = thresholdFailures;
  for (const peer of peers) {
    const t = tally(peer, results[peer], cases, threshold, groups);
    rows = rows.concat(t.rows);
    failures = failures.concat(t.failures);
    if (args.out) {
      fs.mkdirSync(args.out, { recursive: true });
      const lines = results[peer].map((r, i) => JSON.stringify({ case_id: cases[i].case_id, reviews: r }));
      fs.writeFileSync(path.join(args.out, `${peer}.jsonl`), lines.join('\n') + '\n');
    }
  }
  console.log(`${cases.length} cases from ${path.basename(casesFile)}, each screened by every peer` +
              (args.complete ? ' (every case gives every fact: all are checked).\n' : '.\n'));
  console.log(report(rows, failures));
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
