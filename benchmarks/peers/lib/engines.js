'use strict';
// One adapter per peer engine and mode. Each loads its rules from the JSON written by
// rules/export.js (the engine's own rule format) and screens already-parsed case records:
//
//   const peer = await createPeer('json-logic-engine');
//   peer.screenSync(record)        -> {cspr, dhr, sar}   (synchronous engines only)
//   await peer.screenBatch(records) -> [{cspr, dhr, sar}, ...]
//
// Every peer gives a definite outcome for every review: two-valued logic has no "undetermined".
const fs = require('fs');
const path = require('path');
const { AS_OF } = require('../rules/common');

const RULES = path.join(__dirname, '..', 'rules');
const readJsonFile = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const readJson = (name) => readJsonFile(path.join(RULES, name));

// ZEN evaluations are asynchronous (each runs on the binding's worker pool); this many are kept in
// flight at once (Promise.all over a slice of the input).
const ZEN_BATCH = 1000;

function jsonLogicJs() {
  const jsonLogic = require('json-logic-js');
  const { cspr, dhr, sar } = readJson('jsonlogic.json');
  const screenSync = (c) => ({ cspr: jsonLogic.apply(cspr, c), dhr: jsonLogic.apply(dhr, c), sar: jsonLogic.apply(sar, c) });
  return { screenSync, screenBatch: async (cases) => cases.map(screenSync) };
}

function jsonLogicEngine(compiled) {
  const { LogicEngine } = require('json-logic-engine');
  const engine = new LogicEngine();
  const { cspr, dhr, sar } = readJson('jsonlogic.json');
  let screenSync;
  if (compiled) {
    const [fc, fd, fs_] = [cspr, dhr, sar].map((logic) => engine.build(logic));
    screenSync = (c) => ({ cspr: fc(c), dhr: fd(c), sar: fs_(c) });
  } else {
    screenSync = (c) => ({ cspr: engine.run(cspr, c), dhr: engine.run(dhr, c), sar: engine.run(sar, c) });
  }
  return { screenSync, screenBatch: async (cases) => cases.map(screenSync) };
}

function jsonRulesEngine() {
  const { Engine } = require('json-rules-engine');
  const { conditions, rules } = readJson('json-rules-engine.json');
  const engines = {};
  for (const review of ['cspr', 'dhr', 'sar']) {
    const engine = new Engine([], { allowUndefinedFacts: true });
    engine.addOperator('known', (value, expected) => (value !== undefined && value !== null) === expected);
    const isDate = (value) => typeof value === 'string';
    engine.addOperator('dateBefore', (value, limit) => value < limit, isDate);
    engine.addOperator('dateOnOrBefore', (value, limit) => value <= limit, isDate);
    engine.addFact('as_of', AS_OF);
    for (const [name, condition] of Object.entries(conditions)) engine.setCondition(name, condition);
    // First hit: the rules have distinct priorities, so they run one after the other, and the first
    // to succeed stops the engine.
    for (const rule of rules[review]) engine.addRule({ ...rule, onSuccess: () => engine.stop() });
    engines[review] = engine;
  }
  const outcome = async (review, c) => {
    const { events } = await engines[review].run(c);
    if (events.length !== 1) throw new Error(`json-rules-engine: ${events.length} outcomes for ${review}`);
    return events[0].type;
  };
  const screen = async (c) => ({ cspr: await outcome('cspr', c), dhr: await outcome('dhr', c), sar: await outcome('sar', c) });
  return {
    screen,
    screenBatch: async (cases) => {
      const out = new Array(cases.length);
      for (let i = 0; i < cases.length; i++) out[i] = await screen(cases[i]);
      return out;
    },
  };
}

// The graph with no rules (request -> response), to measure what the binding costs: converting the
// case to the engine's values and back, and handing the evaluation to the worker pool.
const ZEN_PASSTHROUGH = {
  nodes: [{ id: 'request', type: 'inputNode', name: 'request', content: {} },
          { id: 'response', type: 'outputNode', name: 'response', content: {} }],
  edges: [{ id: 'request-response', sourceId: 'request', targetId: 'response', type: 'edge' }],
};

function zen(batched, passthrough = false) {
  const { ZenEngine, ZenDecisionContent } = require('@gorules/zen-engine');
  const engine = new ZenEngine();
  // Parsed and compiled once (ZenDecisionContent), then reused for every evaluation.
  const content = passthrough ? ZEN_PASSTHROUGH : fs.readFileSync(path.join(RULES, 'zen-screening.json'));
  const decision = engine.createDecision(new ZenDecisionContent(content));
  const screen = async (c) => {
    const { result } = await decision.evaluate(c);
    return { cspr: result.cspr, dhr: result.dhr, sar: result.sar };
  };
  const screenBatch = batched
    ? async (cases) => {
      const out = [];
      for (let i = 0; i < cases.length; i += ZEN_BATCH) {
        const slice = await Promise.all(cases.slice(i, i + ZEN_BATCH).map(screen));
        for (const r of slice) out.push(r);
      }
      return out;
    }
    : async (cases) => {
      const out = new Array(cases.length);
      for (let i = 0; i < cases.length; i++) out[i] = await screen(cases[i]);
      return out;
    };
  return { screen, screenBatch, dispose: () => engine.dispose() };
}

// name -> {engine, mode, make}.
const PEERS = {
  'zen': { engine: '@gorules/zen-engine', mode: `JDM graph, batched (${ZEN_BATCH} in flight)`, make: () => zen(true) },
  'zen-sequential': { engine: '@gorules/zen-engine', mode: 'JDM graph, one evaluation at a time', make: () => zen(false) },
  // Not a screening: the cost of the binding alone (no outcomes; not in the agreement check).
  'zen-passthrough': { engine: '@gorules/zen-engine', mode: `empty graph (request -> response): the binding's cost alone, batched`,
                       make: () => zen(true, true) },
  'json-rules-engine': { engine: 'json-rules-engine', mode: 'rules with priorities, one engine per review', make: jsonRulesEngine },
  'json-logic-js': { engine: 'json-logic-js', mode: 'JsonLogic, interpreted', make: jsonLogicJs },
  'json-logic-engine': { engine: 'json-logic-engine', mode: 'JsonLogic, compiled (engine.build)', make: () => jsonLogicEngine(true) },
  'json-logic-engine-interpreted': { engine: 'json-logic-engine', mode: 'JsonLogic, interpreted (engine.run)', make: () => jsonLogicEngine(false) },
};

function versionOf(pkg) {
  return readJsonFile(path.join(__dirname, '..', 'node_modules', pkg, 'package.json')).version;
}

function createPeer(name) {
  const spec = PEERS[name];
  if (!spec) throw new Error(`unknown peer ${name}; one of ${Object.keys(PEERS).join(', ')}`);
  return { name, engine: spec.engine, version: versionOf(spec.engine), mode: spec.mode, ...spec.make() };
}

module.exports = { PEERS, createPeer, ZEN_BATCH };
