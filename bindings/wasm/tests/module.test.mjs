// The WebAssembly module against the command-line program: on every example of the rule pack
// (`threshold test --print-records`) and every case in examples/cases, screen() must give the
// result `threshold screen` gives, questions() what `threshold questions --format json` gives,
// and schema() what `threshold schema` gives. Errors come back as data, never as exceptions.
//
// Run by run-tests.sh: THRESHOLD_CLI is the CLI, THRESHOLD_WASM_JS the built module.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const cli = process.env.THRESHOLD_CLI;
if (!cli) throw new Error('set THRESHOLD_CLI to the threshold program (run-tests.sh does)');
const modulePath = process.env.THRESHOLD_WASM_JS ?? path.join(here, '../build/threshold.js');
const createThreshold = createRequire(import.meta.url)(modulePath);
const threshold = await createThreshold();

// Runs the CLI; its exit status may be 1 (a record had errors) and still be what we compare.
function runCli(args, input) {
  try {
    return execFileSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (error) {
    if (error.status === 1 && error.stdout) return error.stdout;
    throw error;
  }
}
const jsonLines = (text) => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));

// The corpus: every example in the built-in rules, with the as-of date and forced rule sets it
// is screened with, plus the example referrals (screened as of a fixed date).
const corpus = jsonLines(runCli(['test', '--print-records']));
const casesDir = path.join(root, 'examples/cases');
for (const name of readdirSync(casesDir).filter((n) => n.endsWith('.json')).sort()) {
  corpus.push({ example: `examples/cases/${name}`, as_of: '2026-01-15', rule_sets: [],
                record: JSON.parse(readFileSync(path.join(casesDir, name), 'utf8')) });
}

test('the corpus is not empty', () => {
  assert.ok(corpus.length > 50, `only ${corpus.length} records`);
});

// The CLI's result for every example, in corpus order: one CLI run per distinct (as_of, rule
// sets), with the records as JSON Lines. Computed once, for the tests that compare with it.
let cliResults;
function cliResultsForCorpus() {
  if (cliResults) return cliResults;
  const groups = new Map();
  corpus.forEach((item, index) => {
    const args = ['screen', '--as-of', item.as_of];
    for (const [review, ruleSet] of item.rule_sets) args.push('--rule-set', `${review}=${ruleSet}`);
    args.push('-');
    const key = JSON.stringify(args);
    if (!groups.has(key)) groups.set(key, { args, indices: [] });
    groups.get(key).indices.push(index);
  });
  cliResults = new Array(corpus.length);
  for (const { args, indices } of groups.values()) {
    const lines = jsonLines(runCli(args, indices.map((i) => JSON.stringify(corpus[i].record)).join('\n') + '\n'));
    assert.equal(lines.length, indices.length);
    indices.forEach((index, i) => { cliResults[index] = lines[i]; });
  }
  return cliResults;
}

const optionsOf = (item) => ({ as_of: item.as_of, rule_sets: Object.fromEntries(item.rule_sets) });

test('screen() gives the CLI result on every example', (t) => {
  const expected = cliResultsForCorpus();
  corpus.forEach((item, i) => {
    const fromObject = threshold.screen(item.record, optionsOf(item));
    assert.deepStrictEqual(fromObject, expected[i], `example ${item.example}`);
    // JSON text in, JSON text out gives the same.
    const text = threshold.screenJson(JSON.stringify(item.record), JSON.stringify(optionsOf(item)));
    assert.deepStrictEqual(JSON.parse(text), expected[i], `example ${item.example} (JSON text)`);
  });
  t.diagnostic(`${corpus.length} records compared`);
});

test('screen() and the CLI agree on possible outcomes, missing facts and assumptions (issue #13)', (t) => {
  // The whole-result comparison above covers these; this one names the three fields a panel reads
  // first and fails if the corpus stops exercising them (an agreement over empty lists proves little).
  const expected = cliResultsForCorpus();
  const seen = { undetermined: 0, missing: 0, assumptions: 0 };
  corpus.forEach((item, i) => {
    const got = threshold.screen(item.record, optionsOf(item));
    for (const [review, want] of Object.entries(expected[i].reviews)) {
      const have = got.reviews[review];
      for (const field of ['possible_outcomes', 'missing', 'assumptions']) {
        assert.deepStrictEqual(have[field], want[field], `example ${item.example}, ${review}.${field}`);
      }
      if (!want.determined) ++seen.undetermined;
      if (want.missing.length > 0) ++seen.missing;
      if (want.assumptions.length > 0) ++seen.assumptions;
    }
  });
  for (const [what, count] of Object.entries(seen)) assert.ok(count > 0, `no example review has ${what}`);
  t.diagnostic(`undetermined ${seen.undetermined}, with missing ${seen.missing}, with assumptions ${seen.assumptions}`);
});

test('questions() gives the CLI questions on every example without forced rule sets', () => {
  let compared = 0;
  for (const item of corpus.filter((i) => i.rule_sets.length === 0)) {
    const expected = JSON.parse(runCli(['questions', '--format', 'json', '--as-of', item.as_of, '-'],
                                       JSON.stringify(item.record)));
    assert.deepStrictEqual(threshold.questions(item.record, { as_of: item.as_of }), expected,
                           `example ${item.example}`);
    ++compared;
  }
  assert.ok(compared > 50);
});

test('the first question is the result\'s next_question', () => {
  for (const item of corpus.filter((i) => i.rule_sets.length === 0)) {
    const result = threshold.screen(item.record, { as_of: item.as_of });
    const questions = threshold.questions(item.record, { as_of: item.as_of });
    assert.equal(questions[0]?.fact ?? null, result.next_question?.fact ?? null, `example ${item.example}`);
  }
});

test('schema() is the CLI schema', () => {
  assert.deepStrictEqual(threshold.schema(), JSON.parse(runCli(['schema'])));
  assert.deepStrictEqual(JSON.parse(threshold.schemaJson()), threshold.schema());
});

test('facts() lists each declared fact once, in declaration order, as the schema describes it', () => {
  const facts = threshold.facts();
  const paths = facts.map((f) => f.path);
  assert.equal(new Set(paths).size, paths.length, 'a fact is listed twice');
  const schema = threshold.schema();
  for (const fact of facts) {
    let node = schema;
    for (const key of fact.path.split('.')) node = node.properties[key];
    assert.ok(node, `${fact.path} is not in the schema`);
    assert.equal(node.title, fact.question, fact.path);
    assert.equal(fact.pointer, '/' + fact.path.split('.').join('/'));
    if (fact.type === 'enum') {
      const options = node.oneOf.filter((o) => 'const' in o).map((o) => ({ value: o.const, label: o.title }));
      assert.deepStrictEqual(fact.options, options, fact.path);
    }
  }
  assert.equal(paths[0], 'aware_date');
});

test('about() names the engine and the rules the results carry', () => {
  const about = threshold.about();
  const result = threshold.screen({}, { as_of: '2025-01-01' });
  assert.deepStrictEqual(about.engine, result.engine);
  for (const key of ['name', 'version', 'digest']) assert.equal(about.rules[key], result.rules[key]);
  assert.match(runCli(['--version']), new RegExp(about.engine.version.replaceAll('.', '\\.')));
});

test('a bad record gives the CLI error line, without its input position', () => {
  const bad = ['{"subject": {"agee": 3}}', '{"subject": {"age": "seventeen"}}', '[1, 2]', '{nope',
               '{"case_id": "R-1", "incident_date": "2025-02-30"}', '{"case_id": 7}', ''];
  for (const record of bad) {
    const [expected] = jsonLines(runCli(['screen', '--as-of', '2025-01-01', '-'], record + '\n'));
    delete expected.input;
    const result = threshold.screen(record, { as_of: '2025-01-01' });
    assert.deepStrictEqual(result, expected, `record ${JSON.stringify(record)}`);
    assert.deepStrictEqual(threshold.questions(record, { as_of: '2025-01-01' }), expected);
  }
});

test('error messages never quote a fact\'s value', () => {
  const secret = 'Zebedee-Secret-Name';
  const records = [{ subject: { age: secret } }, { incident: { died: secret } }, { abuse_or_neglect: secret },
                   { incident_date: secret }, { case_id: 12, subject: { in_area: [secret] } }];
  for (const record of records) {
    const result = threshold.screen(record, { as_of: '2025-01-01' });
    assert.ok(result.error, JSON.stringify(record));
    assert.ok(!JSON.stringify(result).includes(secret), `the error quotes the value: ${JSON.stringify(result)}`);
  }
});

test('bad options are errors as data, never exceptions', () => {
  const cases = [
    [{ as_of: '2025-02-30' }, '/as_of'],
    [{ as_of: 20250101 }, '/as_of'],
    [{ rule_sets: { dhr: 'no_such_set' } }, '/rule_sets/dhr'],
    [{ rule_sets: { no_such_review: 'x' } }, '/rule_sets/no_such_review'],
    [{ rule_sets: 'dhr=dardr_2024' }, '/rule_sets'],
    [{ reasons: 'yes' }, '/reasons'],
    [{ surprise: true }, '/surprise'],
    ['not an object', ''],
  ];
  for (const [options, pointer] of cases) {
    const result = threshold.screen({}, options);
    assert.equal(result.error?.code, 'options', JSON.stringify(options));
    assert.equal(result.error.pointer, pointer, JSON.stringify(options));
    assert.deepStrictEqual(threshold.questions({}, options), result);
  }
  assert.equal(threshold.screenJson('{}', '{"as_of":').includes('"options"'), true);
});

test('nothing a caller passes makes a function throw', () => {
  const circular = {};
  circular.self = circular;
  const weird = [undefined, null, 0, 'null', '"text"', circular, { big: 10n }, '{"a":' + '['.repeat(100000),
                 '\u0000', 'x'.repeat(1 << 20), { case_id: '\uD800' }, { subject: { '\uDC00': 1 } },
                 '{"case_id": "\uD800", "subject": {"age": -1}}'];
  for (const record of weird) {
    for (const fn of [threshold.screen, threshold.questions]) {
      const result = fn(record, { as_of: '2025-01-01' });
      assert.ok(result && typeof result === 'object');
    }
  }
  assert.equal(threshold.screen(circular).error.code, 'E407');
  assert.equal(threshold.screen({}, circular).error.code, 'options');
  for (const args of [[], [undefined, undefined], [{}, 7], [7, {}]]) {
    assert.equal(typeof threshold.screenJson(...args), 'string');
    assert.equal(typeof threshold.questionsJson(...args), 'string');
  }
  // undefined is an empty record: every fact unknown.
  assert.equal(threshold.screen(undefined, { as_of: '2025-01-01' }).error, undefined);
});

test('the as-of date defaults to today, as in the CLI', () => {
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(threshold.screen({}).as_of, today);
});
