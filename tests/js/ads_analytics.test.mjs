// The ads analytics in JS (wasm) against the golden vectors of tests/golden/ads/ (independent
// Python) and against the native CLI: simulateBudget, creativeFatigue, emqScore, the store's
// creativeFatigue, and the npm bin printing the same bytes as the native CLI for fatigue,
// simulate-budget and emq, bad input included.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError, openDatabase } from 'learnloop';

import { close, loadGolden, nativeCli, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-ads-'));
const native = nativeCli();
const budget = loadGolden('ads/budget.json');
const fatigue = loadGolden('ads/fatigue.json');
const emq = loadGolden('ads/emq.json');

/** Every number in `expected` within `tol` of `actual`, everything else equal. */
function assertCloseJson(actual, expected, tol, where = '') {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', where);
    assert.ok(close(actual, expected, tol), `${where}: ${actual} vs ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, where);
    expected.forEach((e, i) => assertCloseJson(actual[i], e, tol, `${where}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected)) assertCloseJson(actual[k], v, tol, `${where}.${k}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

const invalid = (fn, message) =>
  assert.throws(fn, (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && message.test(e.message));

test('simulateBudget reproduces the golden and is bit-identical to the native CLI', async () => {
  const ll = await init();
  const result = ll.simulateBudget(budget.request, { seed: budget.seed, iterations: budget.iterations });
  assertCloseJson(result, budget.expected, budget.tolerance);
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(budget.request));
  const cli = runCli(native, ['simulate-budget', '--scenario', file, '--seed', '7', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(result, JSON.parse(cli.stdout));  // numbers compared bit for bit
  assert.deepEqual(ll.simulateBudget({ ...budget.request, seed: 7 }), result);
  assert.notDeepEqual(ll.simulateBudget(budget.request, { seed: 8 }), result);
});

test('simulateBudget rejects bad requests with the field and what was expected', async () => {
  const ll = await init();
  invalid(() => ll.simulateBudget({ ...budget.request, base_budget: -10 }), /base_budget" is -10; expected a budget > 0/);
  invalid(() => ll.simulateBudget({ ...budget.request, scenarios: [{ budget_change_percent: -120 }] }), /expected >= -100/);
  invalid(() => ll.simulateBudget(budget.request, { iterations: 0 }), /simulations/);
  invalid(() => ll.simulateBudget(budget.request, { seed: -1 }), /seed/);
  // @ts-expect-error no scenarios, on purpose
  invalid(() => ll.simulateBudget({ base_budget: 100, baseline: { revenue: 1, conversions: 1 } }), /scenarios/);
  invalid(() => ll.simulateBudget(null), /must be an object/);
});

test('creativeFatigue reproduces every golden case', async () => {
  const ll = await init();
  for (const c of fatigue.cases) {
    const r = ll.creativeFatigue(c.history, { date: c.as_of });
    const e = c.expected;
    assert.equal(r.status, e.status, c.name);
    assert.equal(r.sample_size, e.sample_size, c.name);
    if (e.status !== 'ok') {
      assert.match(r.message, /not enough data/);
      continue;
    }
    assertCloseJson(
      [r.fatigue_score, r.components.age.score, r.components.ctr_decay.score, r.components.frequency.score, r.components.engagement_decay.score, r.trend.slope_per_day],
      [e.fatigue_score, e.age_score, e.ctr_score, e.frequency_score, e.engagement_score, e.slope_per_day],
      fatigue.tolerance,
      c.name,
    );
    assert.equal(r.fatigue_level, e.fatigue_level, c.name);
    assert.equal(r.days_until_critical, e.days_until_critical, c.name);
    assert.equal(r.critical_outlook, e.critical_outlook, c.name);
  }
  assert.equal(ll.creativeFatigue([]).status, 'not_enough_data');
  invalid(() => ll.creativeFatigue([{ metric_date: '2026-11-01', impressions: 5, clicks: 9 }]), /clicks \(9\) exceed impressions \(5\)/);
  // @ts-expect-error not an array, on purpose
  invalid(() => ll.creativeFatigue({}), /array/);
});

test('emqScore reproduces the golden on both platforms and takes arrays or JSON Lines', async () => {
  const ll = await init();
  for (const platform of /** @type {const} */ (['meta', 'google'])) {
    const r = ll.emqScore(emq.jsonl, { platform });
    const e = emq[platform];
    assert.deepEqual(
      r.events.map((x) => [x.line, x.score, x.level, x.missing_fields, x.invalid_fields.map((f) => f.field)]),
      e.events.map((x) => [x.line, x.score, x.level, x.missing_fields, x.invalid_fields]),
    );
    assert.equal(r.summary.mean_score, e.mean_score);
    assert.deepEqual(r.malformed.map((m) => m.line), e.malformed_lines);
    assert.deepEqual(r.summary.field_coverage, e.field_coverage);
  }
  const events = [{ email: 'a@b.co', phone: '+44 20 7946 0958' }, { gclid: 'x', ip_address: '10.0.0.1' }];
  const fromArray = ll.emqScore(events, { platform: 'google' });
  assert.deepEqual(fromArray, ll.emqScore(events.map((e) => JSON.stringify(e)).join('\n'), { platform: 'google' }));
  assert.equal(ll.emqScoreEvent(events[0]).score, 45);
  // @ts-expect-error an unknown platform, on purpose
  invalid(() => ll.emqScore(events, { platform: 'tiktok' }), /unknown platform 'tiktok'; expected meta or google/);
  invalid(() => ll.emqScore('nope\n'), /no events to score/);
});

test('store.creativeFatigue on the demo equals learnloop fatigue --json natively and in the npm bin', async () => {
  const path = join(dir, 'demo.db');
  const demo = runCli(native, ['demo', '--db', path, '--date', '2026-11-22', '--days', '60']);
  assert.equal(demo.status, 0, demo.stderr);
  const args = ['fatigue', '--db', path, '--json'];
  const a = runCli(native, args);
  const b = runCli('npm-bin', args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  const store = await openDatabase(path, { create: false });
  try {
    assert.deepEqual(store.creativeFatigue(), JSON.parse(a.stdout));
    assert.deepEqual(store.creativeFatigue({ date: '2026-11-22' }), JSON.parse(a.stdout));
    const rows = store.readMetrics('creative_metrics', { contentId: 'cr-01' });
    const single = (await init()).creativeFatigue(/** @type {import('learnloop').CreativeDayRecord[]} */ (rows));
    assert.deepEqual(single, JSON.parse(a.stdout).results.find((r) => r.creative_id === 'cr-01'));
    invalid(() => store.creativeFatigue({ date: '2026-02-30' }), /date/);
  } finally {
    store.dispose();
  }
});

test('a demo generated in JS writes the same creatives as the native demo', async () => {
  const path = join(dir, 'js-demo.db');
  const store = await openDatabase(path);
  try {
    const counts = store.generateDemo({ endDate: '2026-11-22', days: 60 });
    assert.ok(counts.creative_metrics > 100, JSON.stringify(counts));
    store.save();
  } finally {
    store.dispose();
  }
  const nativePath = join(dir, 'native-twin.db');
  assert.equal(runCli(native, ['demo', '--db', nativePath, '--date', '2026-11-22', '--days', '60']).status, 0);
  const fatigueOf = (p) => runCli(native, ['fatigue', '--db', p, '--json']).stdout;
  assert.equal(fatigueOf(path), fatigueOf(nativePath));
});

const cliCases = () => {
  const scenario = join(dir, 'cli-scenario.json');
  writeFileSync(scenario, JSON.stringify(budget.request));
  const negative = join(dir, 'negative.json');
  writeFileSync(negative, JSON.stringify({ ...budget.request, base_budget: -1 }));
  const below = join(dir, 'below.json');
  writeFileSync(below, JSON.stringify({ ...budget.request, scenarios: [{ name: 'x', budget_change_percent: -101 }] }));
  const events = join(dir, 'events.jsonl');
  writeFileSync(events, emq.jsonl);
  const empty = join(dir, 'empty.db');
  const initialised = join(dir, 'initialised.db');
  assert.equal(runCli(native, ['init', '--db', initialised]).status, 0);
  return [
    ['fatigue', '--db', initialised],
    ['fatigue', '--db', initialised, '--json'],
    ['simulate-budget', '--scenario', scenario, '--seed', '7', '--json'],
    ['simulate-budget', '--scenario', scenario, '--iterations', '200'],
    ['simulate-budget', '--scenario', scenario, '--iterations', '0'],
    ['simulate-budget', '--scenario', negative],
    ['simulate-budget', '--scenario', below],
    ['simulate-budget', '--scenario', join(dir, 'missing.json')],
    ['simulate-budget'],
    ['emq', '--events', events, '--json'],
    ['emq', '--platform', 'google', events],
    ['emq', '--events', events, '--platform', 'bing'],
    ['fatigue', '--db', empty],
    ['fatigue', '--help'],
  ];
};

test('npm bin and native CLI print the same bytes for simulate-budget, emq and fatigue (bad input included)', () => {
  for (const args of cliCases()) {
    const a = runCli(native, args);
    const b = runCli('npm-bin', args);
    assert.deepEqual(b, a, args.join(' '));
  }
});
