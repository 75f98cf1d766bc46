// The same value gets the same answer in every shell: the edge values of tests/shared/edge-values.json
// (tiny, huge and infinite numbers, NaN, -0, lone surrogates, field names that may hold case data)
// through the browser module, as JSON text and as JavaScript objects. The Python tests
// (bindings/python/tests/test_edge_values.py) check the same file against the CLI and Python; the
// file says, case by case, where a language cannot hold a value and what it gives instead.
//
// Run by run-tests.sh: THRESHOLD_WASM_JS is the built module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const modulePath = process.env.THRESHOLD_WASM_JS ?? path.join(here, '../build/threshold.js');
const createThreshold = createRequire(import.meta.url)(modulePath);
const threshold = await createThreshold();

const edge = JSON.parse(readFileSync(path.join(root, 'tests/shared/edge-values.json'), 'utf8'));
const options = { as_of: edge.as_of };

// The file's value with each {"$number": TEXT} replaced by the number JavaScript parses from TEXT.
function value(item) {
  if (Array.isArray(item)) return item.map(value);
  if (item !== null && typeof item === 'object') {
    const keys = Object.keys(item);
    if (keys.length === 1 && keys[0] === '$number') return Number(item.$number);
    return Object.fromEntries(keys.map((key) => [key, value(item[key])]));
  }
  return item;
}

function check(result, expect, where) {
  if ('same_as' in expect) {
    assert.equal(result.error, undefined, `${where}: refused (${JSON.stringify(result.error)}), expected a result`);
    assert.deepStrictEqual(result, threshold.screen(JSON.stringify(expect.same_as), options),
                           `${where}: not the result of ${JSON.stringify(expect.same_as)}`);
    return;
  }
  assert.ok(result.error, `${where}: screened, expected ${expect.code} at '${expect.pointer}'`);
  assert.deepStrictEqual([result.error.code, result.error.pointer], [expect.code, expect.pointer], where);
  if ('hidden' in expect) {
    assert.ok(!JSON.stringify(result.errors).includes(expect.hidden), `${where}: the error quotes it`);
  }
}

// Runs check() on every case of the file that `select` picks; collects the cases that fail, so that
// one run lists them all.
function everyCase(select, run) {
  const failures = [];
  let checked = 0;
  for (const item of edge.cases.filter(select)) {
    try {
      run(item);
      ++checked;
    } catch (error) {
      failures.push(`${item.name}: ${error.message.split('\n')[0]}`);
    }
  }
  assert.deepStrictEqual(failures, [], failures.join('\n'));
  return checked;
}

test('JSON text gets the answer of the CLI and Python', (t) => {
  const checked = everyCase((item) => 'text' in item, (item) => {
    check(threshold.screen(item.text, options), item.expect, 'screen()');
    check(JSON.parse(threshold.screenJson(item.text, JSON.stringify(options))), item.expect, 'screenJson()');
    if (!('same_as' in item.expect)) check(threshold.questions(item.text, options), item.expect, 'questions()');
  });
  assert.ok(checked >= 20);
  // No JavaScript string holds invalid UTF-8: the browser module never sees such text.
  for (const item of edge.cases.filter((c) => 'bytes' in c)) t.diagnostic(`not representable: ${item.name}`);
});

test('JavaScript values get the answer the file gives for them', () => {
  const checked = everyCase((item) => 'value' in item, (item) => {
    const record = value(item.value);
    check(threshold.screen(record, options), item.value_expect, 'screen()');
    if (!('same_as' in item.value_expect)) {
      check(threshold.questions(record, options), item.value_expect, 'questions()');
    }
  });
  assert.ok(checked >= 20);
});

test('infinities anywhere in an object are refused, never read as unknown', () => {
  const unknown = threshold.screen({}, options);
  for (const infinity of [Infinity, -Infinity, Number.POSITIVE_INFINITY, 1 / 0]) {
    const result = threshold.screen({ subject: { age: infinity, in_area: true } }, options);
    assert.deepStrictEqual([result.error?.code, result.error?.pointer], ['E402', '/subject/age']);
    assert.equal(threshold.screen({ 'perpetrator.age': infinity }, options).error?.pointer, '/perpetrator.age');
    assert.equal(threshold.screen({ subject: { age: [infinity] } }, options).error?.code, 'E401');
  }
  assert.deepStrictEqual(threshold.screen({ subject: { age: NaN } }, options), unknown);
});
