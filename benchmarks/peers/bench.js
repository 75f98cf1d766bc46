#!/usr/bin/env node
'use strict';
// In-process timing of one peer: outcomes only, from already-parsed case objects, warm.
//
//   node bench.js PEER CASES.jsonl [COUNT] [--expect OUTCOMES.jsonl]
//
// Parses the first COUNT cases (default all). Warm-up: screens a slice of them (a tenth, at least
// 1,000, at most 10,000) over and over for a second, so that the JIT has compiled the engine's hot
// paths. Then screens all COUNT cases in timed passes, repeated until 1.5 s have passed (at least
// one pass, at most 10), and reports the median pass. Prints one JSON line:
// {peer, engine, version, mode, cases, passes, wall_s, cpu_s} (per pass). cpu_s is the process's
// user+system time, all threads included (ZEN evaluates on a worker pool). With --expect, every
// pass's outcomes must equal that file's (check.js --out): the timed work is the checked work.
const { createPeer } = require('./lib/engines');
const { readJsonLines } = require('./lib/agreement');

async function main() {
  const args = process.argv.slice(2);
  let expect = null;
  const i = args.indexOf('--expect');
  if (i >= 0) [expect] = args.splice(i, 2).slice(1);
  const [name, file, countArg] = args;
  if (!name || !file) {
    console.error('usage: node bench.js PEER CASES.jsonl [COUNT] [--expect OUTCOMES.jsonl]');
    process.exit(2);
  }
  let cases = readJsonLines(file);
  if (countArg) cases = cases.slice(0, Number(countArg));
  const peer = createPeer(name);

  const warm = cases.slice(0, Math.min(cases.length, 10000, Math.max(1000, Math.floor(cases.length / 10))));
  for (const t = Date.now(); Date.now() - t < 1000;) await peer.screenBatch(warm);

  let expected = null;
  if (expect) expected = readJsonLines(expect);
  const passes = [];
  for (const t = Date.now(); passes.length < 10 && (passes.length === 0 || Date.now() - t < 1500);) {
    if (global.gc) global.gc();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const results = await peer.screenBatch(cases);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    passes.push({ wall, cpu: (cpu.user + cpu.system) / 1e6 });
    if (expected) {
      results.forEach((r, k) => {
        const e = expected[k];
        if (!e || e.case_id !== cases[k].case_id || e.reviews.cspr !== r.cspr || e.reviews.dhr !== r.dhr || e.reviews.sar !== r.sar) {
          throw new Error(`${name}: the timed run differs from ${expect} at case ${cases[k].case_id}`);
        }
      });
    }
  }
  if (peer.dispose) peer.dispose();
  passes.sort((a, b) => a.wall - b.wall);
  const median = passes[Math.floor(passes.length / 2)];
  console.log(JSON.stringify({
    peer: name, engine: peer.engine, version: peer.version, mode: peer.mode, cases: cases.length,
    passes: passes.length, wall_s: median.wall, cpu_s: median.cpu,
  }));
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
