'use strict';
// Child process of check.js: parses the cases once, then screens slices of them with the peer
// named in each request and sends the outcomes back as [cspr, dhr, sar] triples.
const { createPeer } = require('./engines');
const { readJsonLines } = require('./agreement');

const cases = readJsonLines(process.argv[2]);
const peers = {};
process.on('message', async ({ id, peer, start, end }) => {
  try {
    peers[peer] = peers[peer] || createPeer(peer);
    const results = await peers[peer].screenBatch(cases.slice(start, end));
    process.send({ id, outcomes: results.map((r) => [r.cspr, r.dhr, r.sar]) });
  } catch (err) {
    process.send({ id, error: err.stack || String(err) });
  }
});
process.on('disconnect', () => {
  for (const p of Object.values(peers)) if (p.dispose) p.dispose();
  process.exit(0);
});
process.send({ ready: true });
