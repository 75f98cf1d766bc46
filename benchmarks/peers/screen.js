#!/usr/bin/env node
'use strict';
// Whole-process run of one peer, the counterpart of `threshold screen --format outcomes`:
//
//   node screen.js PEER CASES.jsonl > outcomes.jsonl
//
// Reads the JSON Lines file, parses each record, screens it, and writes one line per case:
// {"case_id":...,"reviews":{"cspr":...,"dhr":...,"sar":...}}. Timed by run.sh with hyperfine.
const fs = require('fs');
const { createPeer } = require('./lib/engines');

const SLICE = 1000; // records parsed, screened and written together

// Synchronous write to stdout that also works when stdout is a non-blocking pipe.
function write(text) {
  let buffer = Buffer.from(text);
  while (buffer.length) {
    try {
      buffer = buffer.subarray(fs.writeSync(1, buffer));
    } catch (err) {
      if (err.code === 'EPIPE') process.exit(0); // the reader has gone (| head)
      if (err.code !== 'EAGAIN') throw err;
    }
  }
}

async function main() {
  const [name, file] = process.argv.slice(2);
  if (!name || !file) {
    console.error('usage: node screen.js PEER CASES.jsonl');
    process.exit(2);
  }
  const peer = createPeer(name);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i += SLICE) {
    const records = lines.slice(i, i + SLICE).map((line) => JSON.parse(line));
    const results = peer.screenSync ? records.map(peer.screenSync) : await peer.screenBatch(records);
    let out = '';
    for (let k = 0; k < records.length; k++) {
      out += JSON.stringify({ case_id: records[k].case_id, reviews: results[k] }) + '\n';
    }
    write(out);
  }
  if (peer.dispose) peer.dispose();
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
